import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MediaListItemDto } from '@shared/api/console';
import type { ProjectDto } from '@shared/api/projects';
import MediaTab from './MediaTab';
import { formatDuration } from './media/MediaTable';
import { fakeApi, renderAt, signedInEachTest } from '../../testing/fakeApi';

signedInEachTest();

const hex = (n: number) => n.toString(16).padStart(64, '0');
function item(n: number, name: string, o: Partial<MediaListItemDto> = {}): MediaListItemDto {
  const image = !name.endsWith('.wav');
  return {
    id: hex(n), url: `/api/media/${hex(n)}`, name, mime: image ? 'image/png' : 'audio/wav', size: 2048 * n,
    width: image ? 640 : null, height: image ? 480 : null, duration: null, peaks: !image, createdAt: Date.UTC(2026, 11, 7, 9, n),
    uses: { rows: 0, more: false, first: [] }, ...o,
  };
}

const files = [
  item(1, 'street-01.png', { uses: { rows: 3, more: false, first: [{ id: 11, externalId: 'corner-a' }, { id: 12, externalId: 'corner-b' }, { id: 13, externalId: null }] } }),
  item(2, 'speech-01.wav', { duration: 83.4, uses: { rows: 1000, more: true, first: [{ id: 21, externalId: 'call-1' }] } }),
  item(3, 'old-demo.wav'),
];

/** The list as the server answers it: name search and kind, 2 a page when `small`. */
function serve(all: MediaListItemDto[]) {
  return (url: URL) => {
    const q = url.searchParams.get('q')?.toLowerCase();
    const kind = url.searchParams.get('kind');
    const hits = all.filter((m) => (!q || m.name.toLowerCase().includes(q)) && (!kind || m.mime.startsWith(kind)));
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const page = hits.slice(offset, offset + limit);
    return { media: page, total: hits.length, nextOffset: offset + page.length < hits.length ? offset + page.length : null };
  };
}

function setup(all = files) {
  const list = serve(all);
  const api = fakeApi({
    'GET /api/projects/5/media': () => list(lastUrl()),
    'GET /api/media/:id/peaks': () => ({ duration: 4.25, peaks: [[0, 0]] }),
  });
  const lastUrl = () => new URL(String(api.fetchMock.mock.calls.filter((c) => String(c[0]).startsWith('/api/projects/5/media')).at(-1)![0]), 'http://t');
  renderAt(<MediaTab project={{ id: 5, name: 'Streets' } as ProjectDto} />, '/projects/5/console/media');
  return { api, mediaUrls: () => api.fetchMock.mock.calls.map((c) => String(c[0])).filter((u) => u.startsWith('/api/projects/5/media')) };
}

describe('the Media tab', () => {
  it('lists each file with its preview, length or pixels, size, upload time and the rows that use it', async () => {
    setup();
    const street = await screen.findByTestId('media-street-01.png');
    const thumb = within(within(street).getByRole('link', { name: 'Open street-01.png full size' })).getByRole('presentation');
    expect(thumb).toHaveAttribute('loading', 'lazy');
    expect(thumb).toHaveAttribute('width', '64');
    expect(street).toHaveTextContent('640×480 px');
    expect(street).toHaveTextContent('PNG image · 2.0 kB');
    expect(street).toHaveTextContent(new Date(Date.UTC(2026, 11, 7, 9, 1)).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
    expect(street).toHaveTextContent('3 rows');
    expect(within(street).getByRole('button', { name: 'Open row corner-a (uses street-01.png)' })).toBeVisible();
    expect(within(street).getByRole('button', { name: 'Open row #13 (uses street-01.png)' })).toBeVisible();
    const speech = screen.getByTestId('media-speech-01.wav');
    expect(speech).toHaveTextContent('1:23');
    expect(speech).toHaveTextContent('1,000+ rows');
    expect(speech).toHaveTextContent('and more than 999 more');
    expect(within(speech).getByRole('button', { name: 'Play speech-01.wav' })).toBeVisible();
    expect(screen.getByTestId('media-old-demo.wav')).toHaveTextContent('Not used in any row');
  });

  it('measures audio stored without a length by asking for its peaks, one file at a time', async () => {
    const { api } = setup();
    await screen.findByTestId('media-old-demo.wav');
    expect(await within(screen.getByTestId('media-old-demo.wav')).findByText('4.3 s')).toBeVisible();
    expect(api.calls.filter((c) => c.path.endsWith('/peaks')).map((c) => c.path)).toEqual([`/api/media/${hex(3)}/peaks`]);
  });

  it('searches by name as the lead types, and filters to audio', async () => {
    const user = userEvent.setup();
    const { mediaUrls } = setup();
    await screen.findByTestId('media-street-01.png');
    await user.type(screen.getByRole('searchbox', { name: 'Search media by file name' }), 'SPEECH');
    await screen.findByText('1 matching');
    expect(screen.queryByTestId('media-street-01.png')).not.toBeInTheDocument();
    expect(mediaUrls().at(-1)).toContain('q=SPEECH');
    // Typing settles before asking: one request for the word, not one per key.
    expect(mediaUrls().filter((u) => u.includes('q='))).toHaveLength(1);
    await user.clear(screen.getByRole('searchbox'));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind of file' }), 'Audio');
    await screen.findByText('2 matching');
    expect(mediaUrls().at(-1)).toContain('kind=audio');
    await user.type(screen.getByRole('searchbox'), 'zebra');
    expect(await screen.findByText('No file matches this search.')).toBeVisible();
  });

  it('copies a file\'s URL and says so', async () => {
    const user = userEvent.setup();
    setup();
    const row = await screen.findByTestId('media-street-01.png');
    await user.click(within(row).getByRole('button', { name: 'Copy the URL of street-01.png' }));
    expect(within(row).getByRole('button', { name: 'Copy the URL of street-01.png' })).toHaveTextContent('✓ Copied');
    expect(within(row).getByRole('status')).toHaveTextContent('Copied to the clipboard');
    expect(await navigator.clipboard.readText()).toBe(`/api/media/${hex(1)}`);
  });

  it('pages through thousands of files and opens a row that uses one beside the list', async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 120 }, (_, i) => item(i + 10, `frame-${String(i).padStart(3, '0')}.png`));
    const { api } = setup([files[0], ...many]);
    await screen.findByTestId('media-street-01.png');
    const pager = screen.getByRole('navigation', { name: 'Media pages' });
    expect(pager).toHaveTextContent('1–50 of 121');
    await user.click(within(pager).getByRole('button', { name: 'Next →' }));
    expect(await screen.findByTestId('media-frame-049.png')).toBeVisible();
    // The list (and its pager) is drawn anew for the page that arrived: read the pager on screen now.
    const pager2 = screen.getByRole('navigation', { name: 'Media pages' });
    expect(pager2).toHaveTextContent('51–100 of 121');
    // The search box's settle timer (armed when the tab opened) does not send the lead back to page 1.
    await new Promise((r) => setTimeout(r, 300));
    expect(screen.getByRole('navigation', { name: 'Media pages' })).toHaveTextContent('51–100 of 121');
    expect(screen.getByTestId('media-frame-049.png')).toBeVisible();
    await user.click(within(pager2).getByRole('button', { name: '← Previous' }));
    await user.click(within(await screen.findByTestId('media-street-01.png')).getByRole('button', { name: 'Open row corner-b (uses street-01.png)' }));
    expect(await screen.findByRole('complementary', { name: 'Row #12' })).toBeVisible();
    expect(api.calls.some((c) => c.path === '/api/projects/5/rows/12/history')).toBe(true);
  });

  it('writes lengths as a person reads them', () => {
    expect([formatDuration(4.25), formatDuration(59.9), formatDuration(83.4), formatDuration(3723)]).toEqual(['4.3 s', '59.9 s', '1:23', '1:02:03']);
  });
});
