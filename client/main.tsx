import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useStore } from './store';
import { prefetchClaimFor } from './pages/label/claim-prefetch';
import './styles/app.css';

// Every page but sign-in waits for the session check: ask now, while React renders its first frame,
// and the label page's claim as soon as it answers, while the page's code loads.
void useStore.getState().loadSession().then(() => {
  if (useStore.getState().sessionStatus === 'signedIn') prefetchClaimFor(window.location.pathname);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
