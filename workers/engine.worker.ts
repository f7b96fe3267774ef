/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { engineApi } from './engine';

// Explicit `self`: the endpoint is the worker scope (this is what @vitest/web-worker drives in tests).
Comlink.expose(engineApi, self);
