import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './styles/base.css';
import './styles/shell.css';
import './styles/segments.css';
import './styles/condition-builder.css';
import './styles/journey-editor.css';
import './styles/state-nodes.css';
import './styles/templates.css';
import './styles/customers.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
