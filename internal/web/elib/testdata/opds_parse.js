// Parses OPDS documents with Readium's r2-opds-js (npm), as reading
// apps built on Readium (Thorium) do, and prints what it understood as
// JSON, for opds_node_test.go to check.
//
//   node opds_parse.js KIND FILE
//
// KIND: opds2-feed, opds2-pub, auth, opds1-feed, opds1-entry.
"use strict";
const fs = require("fs");
const { DOMParser } = require("@xmldom/xmldom");
const { TaJsonDeserialize } = require("r2-lcp-js/dist/es8-es2017/src/serializable");
const { XML } = require("r2-utils-js/dist/es8-es2017/src/_utils/xml-js-mapper");
const { initGlobalConverters_GENERIC, initGlobalConverters_OPDS } = require("r2-opds-js/dist/es8-es2017/src/opds/init-globals");
const { OPDSFeed } = require("r2-opds-js/dist/es8-es2017/src/opds/opds2/opds2");
const { OPDSPublication } = require("r2-opds-js/dist/es8-es2017/src/opds/opds2/opds2-publication");
const { OPDSAuthenticationDoc } = require("r2-opds-js/dist/es8-es2017/src/opds/opds2/opds2-authentication-doc");
const { OPDS } = require("r2-opds-js/dist/es8-es2017/src/opds/opds1/opds");
const { Entry } = require("r2-opds-js/dist/es8-es2017/src/opds/opds1/opds-entry");
const { convertOpds1ToOpds2, convertOpds1ToOpds2_EntryToPublication } = require("r2-opds-js/dist/es8-es2017/src/opds/converter");

initGlobalConverters_OPDS();
initGlobalConverters_GENERIC();

const [kind, file] = process.argv.slice(2);
const text = fs.readFileSync(file, "utf8");

function rels(l) {
  return Array.isArray(l.Rel) ? l.Rel : l.Rel ? [l.Rel] : [];
}

function link(l) {
  const p = l.Properties || {};
  return {
    rel: rels(l),
    href: l.Href,
    type: l.TypeLink,
    title: l.Title,
    state: p.Availability ? p.Availability.State : undefined,
    copies: p.Copies ? { total: p.Copies.Total, available: p.Copies.Available } : undefined,
    holds: p.Holds ? { total: p.Holds.Total, position: p.Holds.Position } : undefined,
  };
}

function pub(p) {
  const m = p.Metadata || {};
  return {
    title: typeof m.Title === "string" ? m.Title : JSON.stringify(m.Title),
    identifier: m.Identifier,
    authors: (m.Author || []).map((a) => (typeof a.Name === "string" ? a.Name : JSON.stringify(a.Name))),
    language: m.Language,
    links: (p.Links || []).map(link),
    images: (p.Images || []).map(link),
  };
}

function feed(f) {
  return {
    title: f.Metadata ? f.Metadata.Title : undefined,
    numberOfItems: f.Metadata ? f.Metadata.NumberOfItems : undefined,
    links: (f.Links || []).map(link),
    navigation: (f.Navigation || []).map(link),
    facets: (f.Facets || []).map((g) => ({ title: g.Metadata.Title, links: (g.Links || []).map(link) })),
    publications: (f.Publications || []).map(pub),
  };
}

function xml(t) {
  return new DOMParser().parseFromString(t, "application/xml");
}

let out;
switch (kind) {
  case "opds2-feed":
    out = feed(TaJsonDeserialize(JSON.parse(text), OPDSFeed));
    break;
  case "opds2-pub":
    out = pub(TaJsonDeserialize(JSON.parse(text), OPDSPublication));
    break;
  case "auth": {
    const d = TaJsonDeserialize(JSON.parse(text), OPDSAuthenticationDoc);
    out = {
      title: d.Title,
      id: d.Id,
      types: (d.Authentication || []).map((a) => a.Type),
      login: (d.Authentication || []).map((a) => (a.Labels ? a.Labels.Login : undefined)),
    };
    break;
  }
  case "opds1-feed":
    out = feed(convertOpds1ToOpds2(XML.deserialize(xml(text), OPDS)));
    break;
  case "opds1-entry":
    out = pub(convertOpds1ToOpds2_EntryToPublication(XML.deserialize(xml(text), Entry)));
    break;
  default:
    throw new Error("unknown kind " + kind);
}
process.stdout.write(JSON.stringify(out));
