// Crm: little JavaScript, progressive enhancement only. Pages work without it.
