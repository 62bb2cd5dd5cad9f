import type { hc, InferRequestType, InferResponseType } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { AppType } from '../../server/app';

/**
 * The API as the server's routes declare it (`hc<AppType>`), for types only: what a route parses and what
 * it answers are read from the route itself, so changing either breaks every client call that disagrees at
 * compile time. `import type` keeps the server's code out of the bundle.
 */
export type Routes = ReturnType<typeof hc<AppType>>;

/** The JSON a route answers when it succeeds (its failures share one shape: ApiError). */
export type Answer<Endpoint> = InferResponseType<Endpoint, SuccessStatusCode>;

/** The JSON body a route parses, as a caller may send it (fields with defaults optional). */
export type Body<Endpoint> = InferRequestType<Endpoint> extends { json: infer J } ? J : never;

/** The query a route parses. */
export type Query<Endpoint> = InferRequestType<Endpoint> extends { query: infer Q } ? Q : never;
