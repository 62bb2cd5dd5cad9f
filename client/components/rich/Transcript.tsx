import { Fragment, memo, useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { Conversation, Message, Role } from '@shared/conversation';
import { messageBlocks, messageNote, type Block } from './message-blocks';
import { CodeBlock, RichText } from './RichText';
import { scrollParent, useNearTurns } from './useNearTurns';
import './rich.css';

const ROLE_NAMES: Record<Role, string> = {
  system: 'System',
  developer: 'Developer',
  user: 'User',
  assistant: 'Assistant',
  tool: 'Tool',
};

/** How many messages from the top render rich at once (the first screen); the rest as they come near. */
const EAGER_TURNS = 4;

function BlockView({ block, rich }: { block: Block; rich: boolean }) {
  if (block.kind === 'markdown') return <RichText text={block.text} plain={!rich} />;
  return (
    <figure className="tr-code">
      <figcaption className="tr-code-title">{block.title}</figcaption>
      <CodeBlock code={block.code} language={block.language} plain={!rich} />
    </figure>
  );
}

/**
 * One message. Its markdown is parsed and highlighted only once it comes near the visible part of the
 * scroll box (or is the active turn): until then it shows the same text plainly, which is as long, as
 * searchable with Ctrl+F, and costs nothing to render, so a long transcript opens at once.
 */
const MessageView = memo(function MessageView({ message, index, active, rich }: { message: Message; index: number; active: boolean; rich: boolean }) {
  const ref = useRef<HTMLElement>(null);
  const blocks = useMemo(() => messageBlocks(message), [message]);
  useEffect(() => {
    const el = ref.current;
    if (!active || !el?.scrollIntoView) return;
    // Only when some of it is out of sight, so moving between turns that are both on screen does not jump.
    const box = el.getBoundingClientRect();
    const view = scrollParent(el)?.getBoundingClientRect();
    const top = Math.max(0, view?.top ?? 0);
    const bottom = Math.min(window.innerHeight, view?.bottom ?? window.innerHeight);
    if (box.top < top || box.bottom > bottom) el.scrollIntoView({ block: box.height > bottom - top ? 'start' : 'nearest' });
  }, [active]);
  const note = messageNote(message);
  return (
    <article
      ref={ref}
      className={`tr-msg tr-${message.role}${active ? ' is-active' : ''}`}
      data-turn={index}
      aria-current={active ? 'true' : undefined}
      aria-label={`${ROLE_NAMES[message.role]}, message ${index + 1}`}
    >
      <header className="tr-head">
        <span className="tr-role">{ROLE_NAMES[message.role]}</span>
        {note && <span className="tr-note">{note}</span>}
        <span className="tr-num">#{index + 1}</span>
      </header>
      <div className="tr-body">
        {blocks.length === 0 ? <p className="tr-empty">(no content)</p> : blocks.map((b, i) => <BlockView key={i} block={b} rich={rich} />)}
      </div>
    </article>
  );
});

export interface TranscriptProps {
  /** The conversation, in the messages shape of shared/conversation.ts. */
  messages: Conversation;
  /** Index (into `messages`) of the turn being judged: highlighted and scrolled into view when it changes. */
  activeTurn?: number;
  /** Something to show right after a message (e.g. the question on that assistant turn); null for nothing. */
  renderAfterTurn?: (index: number) => ReactNode;
  /** Accessible name of the transcript (default "Conversation"). */
  label?: string;
}

/**
 * A chat transcript: one block per message, its role styled, user and assistant text as markdown, tool
 * calls, tool results and other parts as titled JSON. Every message element carries `data-turn={index}`
 * so callers can find and scroll to it.
 */
export function Transcript({ messages, activeTurn, renderAfterTurn, label = 'Conversation' }: TranscriptProps) {
  const box = useRef<HTMLElement>(null);
  const { near, all } = useNearTurns(box, messages);
  return (
    <section ref={box} className="tr" aria-label={label}>
      {messages.map((m, i) => (
        <Fragment key={i}>
          <MessageView message={m} index={i} active={i === activeTurn} rich={all || i < EAGER_TURNS || i === activeTurn || near.has(i)} />
          {renderAfterTurn?.(i)}
        </Fragment>
      ))}
    </section>
  );
}
