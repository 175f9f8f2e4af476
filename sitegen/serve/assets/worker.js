"use strict";
// One EventSource for every open page of the site; each page talks to it over a port.
const ports = new Set();
let state = null;            // what a page that connects now needs to know
let source = null;

const post = (msg) => {
  for (const port of ports) {
    try { port.postMessage(msg); } catch (e) { ports.delete(port); }
  }
};
const open = () => {
  source = new EventSource("/__sitegen__/events");
  for (const type of ["ok", "error"]) {
    source.addEventListener(type, (e) => {
      const data = JSON.parse(e.data);
      state = type === "ok" ? { type, data: { build: data.build, prev: null, changed: null } } : { type, data };
      post({ type, data });
    });
  }
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) setTimeout(open, 1000);   // it gave up: retry
  };
};
self.onconnect = (e) => {
  const port = e.ports[0];
  ports.add(port);
  port.onmessage = (m) => { if (m.data === "bye") ports.delete(port); };
  port.start();
  if (state) port.postMessage(state);
};
open();
