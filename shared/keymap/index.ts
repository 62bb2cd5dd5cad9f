export * from './actions';
export * from './combo';
export * from './check';
