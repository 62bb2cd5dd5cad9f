/** Runs `fn` with environment variables set (undefined: unset), restoring them after: settings are read on use. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T | Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (vs: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vs)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}
