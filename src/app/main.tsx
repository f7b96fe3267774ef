import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadRuntimeConfig } from '../datasources/runtimeConfig';
import { App } from './App';
import { createServices } from './services';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The deployment's configuration first (one small request): it decides which server the services talk to.
void loadRuntimeConfig((url, init) => fetch(url, init), document.baseURI).then((config) =>
  createRoot(root).render(
    <StrictMode>
      <App services={createServices(config)} />
    </StrictMode>,
  ),
);
