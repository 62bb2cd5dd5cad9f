import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { TASK_TYPES, type TaskType } from '@shared/tasks/types';
import type { EditorProps } from '../../tasks/types';
import type { CompareViewProps } from '../../tasks/compare-common/types';
import { deepEqual } from '../../tasks/compare-common/equal';
import { CompareBar, PrelabelRef, VersionColumn } from '../../tasks/compare-common/parts';
import { FinalEditor } from '../../tasks/compare-common/FinalEditor';
import { clientTaskModules } from '../../tasks/registry';
import type { Side } from '../../tasks/compare-common/types';

type AnyCompare = ComponentType<CompareViewProps<any, any>>;
type AnyEditor = ComponentType<EditorProps<any, any>>;

/**
 * Comparison views and editors found by glob rather than imported by name: they land type by type
 * (client/tasks/<type>/Compare.tsx), and a glob keeps this page building while some are missing; a type
 * without a view falls back to `GenericCompare` below, so its rows can still be resolved.
 */
const compareModules = import.meta.glob<{ default: AnyCompare }>('../../tasks/*/Compare.tsx');
const editorModules = import.meta.glob<{ default: AnyEditor }>('../../tasks/*/Editor.tsx');

const typeOfPath = (path: string) => path.split('/').at(-2) as TaskType;

function lazyByType<T>(modules: Record<string, () => Promise<{ default: T }>>): Record<TaskType, LazyExoticComponent<T & ComponentType<any>> | null> {
  const out = Object.fromEntries(TASK_TYPES.map((t) => [t, null])) as Record<TaskType, LazyExoticComponent<T & ComponentType<any>> | null>;
  for (const [path, load] of Object.entries(modules)) {
    const type = typeOfPath(path);
    if ((TASK_TYPES as readonly string[]).includes(type)) out[type] = lazy(load as () => Promise<{ default: T & ComponentType<any> }>);
  }
  return out;
}

export const compareViews: Record<TaskType, LazyExoticComponent<AnyCompare> | null> = lazyByType(compareModules);
const editors: Record<TaskType, LazyExoticComponent<AnyEditor> | null> = lazyByType(editorModules);

/**
 * The comparison view of a type: the registry's when its module declares one, else the one found in its
 * folder, else the generic one with the type's editor as the final.
 */
export function compareViewFor(type: TaskType): AnyCompare {
  return (clientTaskModules[type].Compare as AnyCompare | undefined) ?? compareViews[type] ?? genericFor(type);
}

const generic = new Map<TaskType, AnyCompare>();
function genericFor(type: TaskType): AnyCompare {
  let view = generic.get(type);
  if (!view) {
    const Editor = editors[type];
    view = (props: CompareViewProps<any, any>) => <GenericCompare {...props} Editor={Editor} />;
    generic.set(type, view);
  }
  return view;
}

/** Both versions as readable JSON with a take button each, and the final in the type's editor. */
function GenericCompare(props: CompareViewProps<any, any> & { Editor: AnyEditor | null }) {
  const { a, b, prelabel, final, onFinalChange, Editor } = props;
  const versions = [a, b] as const;
  return (
    <div className="cmp">
      <CompareBar view={props} />
      <div className="cmp-columns">
        {([0, 1] as Side[]).map((side) => {
          const inFinal = deepEqual(versions[side], final);
          return (
            <VersionColumn
              key={side}
              side={side}
              view={props}
              inFinal={inFinal}
              onTake={() => onFinalChange(structuredClone(versions[side]))}
            >
              <pre className="rv-json">{JSON.stringify(versions[side], null, 2)}</pre>
            </VersionColumn>
          );
        })}
      </div>
      {prelabel != null && (
        <PrelabelRef inFinal={deepEqual(prelabel, final)} onTake={() => onFinalChange(structuredClone(prelabel))}>
          <pre className="rv-json">{JSON.stringify(prelabel, null, 2)}</pre>
        </PrelabelRef>
      )}
      <FinalEditor Editor={Editor} view={props} />
    </div>
  );
}
