/** Entry of the renderer: styles, then the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'virtual:design-tokens.css';
import './styles/base.css';
import './styles/components.css';
import './styles/screens.css';
import { App } from './app/App.js';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
