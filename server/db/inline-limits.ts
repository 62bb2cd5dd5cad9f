import { OperationNodeTransformer, ValueNode, type KyselyPlugin, type LimitNode, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';

/**
 * Writes `LIMIT n` into the SQL instead of binding it. SQLite plans `ORDER BY … LIMIT ?` without knowing
 * the limit and walks the whole matching index range where `LIMIT 1` stops at the first entry: measured on
 * the claim queries, 20–30 µs against 1.5–6 µs, which is most of a claim. Kysely binds every limit, so this
 * plugin inlines the integer ones (only integers: nothing a caller sends can reach the SQL text).
 */
export class InlineLimits implements KyselyPlugin {
  readonly #transformer = new LimitTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

class LimitTransformer extends OperationNodeTransformer {
  protected override transformLimit(node: LimitNode): LimitNode {
    const v = node.limit;
    if (ValueNode.is(v) && !v.immediate && Number.isSafeInteger(v.value)) {
      return { ...node, limit: ValueNode.createImmediate(v.value) };
    }
    return super.transformLimit(node);
  }
}
