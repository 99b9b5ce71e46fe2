// Where the page finds the gateway's API. Empty: the same origin that served the page (the ingress serves it locally).
// A static site in production sets the gateway's address here, for example "https://gateway.example.com"; the gateway
// must then allow the site's origin (gateway.ingress.web.allowed-origins). Anyone can override it under Settings.
export const config = {
  apiBase: "",
};
