"""What every app's pages share: form-error mapping and flash messages (``forms``,
``flash``), widget attributes, the person picker widget, bounded query parameters,
safe redirects, .xlsx responses, official-document dates and the API schema."""
