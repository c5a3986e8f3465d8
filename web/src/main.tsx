import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ToastProvider } from './components/toast';
import { ClusterProvider } from './data/cluster-context';
import { useLocation } from './router/router';
import { applyTheme } from './shell/theme';
import './styles/tokens.css';
import './styles/base.css';
import './styles/shell.css';
import './styles/components.css';

applyTheme();

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false, retry: 1 } },
});

/** One ClusterStore per cluster in the URL: another cluster remounts the provider with its own store and stream. */
function Root() {
  const { cluster } = useLocation();
  return (
    <ClusterProvider key={cluster ?? ''} cluster={cluster}>
      <App />
    </ClusterProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <Root />
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
