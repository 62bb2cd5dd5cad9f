/**
 * URLs of the per-project pages, in one place so the shell's links and the pages other features register
 * in routes.tsx agree. Kept apart from routes.tsx so a page can import it without importing the route table.
 */
export const projectPaths = {
  home: (id: number) => `/projects/${id}`,
  label: (id: number) => `/projects/${id}/label`,
  review: (id: number) => `/projects/${id}/review`,
  console: (id: number) => `/projects/${id}/console`,
};
