// The composition root: connect to the core, start the stream store before anything renders (so
// it sees every committed event first), and mount the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectInkwell } from './inkwell';
import { StreamStore } from './state/streamStore';
import './styles/index.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const api = connectInkwell();
const streams = new StreamStore();
api.onEvent((event) => streams.apply(event));
api.onNotice((notice) => streams.endUnrecorded(notice.turnId));
createRoot(root).render(
  <StrictMode>
    <App api={api} streams={streams} />
  </StrictMode>,
);
