export { clientTaskModules, clientTaskModule } from './registry';
export { TaskEditor, type TaskEditorProps } from './TaskEditor';
export { answerStore, createAnswerStore, useAnswer, useHistory, useUndoRedoHotkeys } from './answer-store';
export type { AnswerState, AnswerStore, AnswerStoreOptions } from './answer-store';
export type { ChangeMeta, ClientTaskModule, CompareProps, EditorProps, HotkeyHelp, AnswerOf, ConfigOf } from './types';
