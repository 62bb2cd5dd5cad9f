import type { KeymapBody, KeymapDto } from '@shared/api/keymap';
import { api } from './client';

/** The signed-in person's keyboard remaps (account page; loaded once per sign-in by App). */
export const keymapApi = {
  get: () => api.get<KeymapDto>('/me/keymap'),
  put: (body: KeymapBody) => api.put<KeymapDto>('/me/keymap', body),
};
