import { Suspense, useEffect, type ReactNode } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { useStore } from './store';
import { notFoundPage as NotFound, routes, type AppRoute } from './routes';
import { Shell } from './components/Shell';
import { Toasts } from './components/Toasts';
import { Loading } from './components/Loading';
import { usePreloaded } from './lazy-preload';
import { keymapApi } from './api/keymap';
import { setKeymapOverrides } from './hotkeys/keymap';

function Guard({ route, children }: { route: AppRoute; children: ReactNode }) {
  const status = useStore((s) => s.sessionStatus);
  const user = useStore((s) => s.user);
  const [location] = useLocation();
  // The page's code downloads while the session is checked, and a plain Loading stands in until it is
  // here: a Suspense fallback would make React 19 hold the revealed page back for up to 300 ms.
  const pageReady = usePreloaded(route.page);
  useEffect(() => {
    document.title = route.title ? `${route.title} · Triad` : 'Triad';
  }, [route.title]);
  const access = route.access ?? 'user';
  if (access === 'public') return pageReady ? <>{children}</> : <Loading />;
  if (status === 'unknown') return <Loading label="Checking your session" />;
  if (!user) {
    const next = location === '/' ? '' : `?next=${encodeURIComponent(location + window.location.search)}`;
    return <Redirect to={`/signin${next}`} replace />;
  }
  if (access === 'admin' && !user.isAdmin) return <NotFound />;
  if (!pageReady) return <Loading />;
  return <>{children}</>;
}

function page(route: AppRoute) {
  const Page = route.page;
  const body = (
    <Guard route={route}>
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    </Guard>
  );
  const layout = route.layout ?? 'shell';
  return layout === 'bare' ? body : <Shell wide={layout === 'full'}>{body}</Shell>;
}

export function App() {
  const loadSession = useStore((s) => s.loadSession);
  useEffect(() => {
    void loadSession();
  }, [loadSession]);
  // The person's remapped keys follow their account; until they arrive (or if they cannot) the defaults hold.
  const userId = useStore((s) => s.user?.id ?? null);
  useEffect(() => {
    setKeymapOverrides({});
    if (userId === null) return;
    let live = true;
    keymapApi.get().then((k) => live && setKeymapOverrides(k.keys), () => undefined);
    return () => {
      live = false;
    };
  }, [userId]);
  return (
    <>
      <Suspense fallback={<Loading />}>
        <Switch>
          {routes.map((r) => (
            <Route key={r.path} path={r.path}>
              {page(r)}
            </Route>
          ))}
          <Route>
            <Shell>
              <NotFound />
            </Shell>
          </Route>
        </Switch>
      </Suspense>
      <Toasts />
    </>
  );
}
