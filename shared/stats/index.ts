export * from './alpha';
export * from './kappa';
export * from './edit';
export * from './geometry';
export * from './kendall';
export * from './match';
export * from './corpus';
export * from './pairs';
