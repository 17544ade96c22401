"""领导驾驶舱: panels (a registry of functions returning chart and table data), their
JSON API, the page that draws them, the drill-down page and the .xlsx export."""
