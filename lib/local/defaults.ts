/** Where `npm start` serves the twin's API on 127.0.0.1 unless `--port` says otherwise. */
export const DEFAULT_TWIN_PORT = 8787;
