'use strict';

// The workbook's plotly.js: the trimmed core (scatter) and bar, nothing else.
var Plotly = require('./core');

Plotly.register([require('plotly.js/src/traces/bar')]);

module.exports = Plotly;
