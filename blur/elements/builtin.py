"""The built-in selectors: session-replay tools' privacy marks and always-private inputs.

Kept apart from :mod:`.rules` so reading them (the default config does) needs no
selector engine: soupsieve costs ~0.2 s to import and first compile on every run.
capture.js carries the same list (a test checks they are equal).
"""

#: Marks used by session-replay tools, and inputs that are always private.
BUILTIN_BLUR = (
    "[data-jam-blur]",
    ".rr-block", ".rr-mask",
    ".fs-mask", ".fs-exclude",
    "[data-hj-suppress]",
    "[data-private]",
    ".sentry-mask", ".sentry-block", "[data-sentry-mask]",
    ".ph-no-capture", ".ph-mask",
    "[data-clarity-mask]",
    '[data-dd-privacy="mask"]', '[data-dd-privacy="hidden"]',
    "[data-heap-redact-text]",
    "[data-openreplay-obscured]",
    ".highlight-mask",
    'input[type="password" i]',
    '[autocomplete~="cc-number" i]', '[autocomplete~="cc-csc" i]', '[autocomplete~="cc-exp" i]',
    '[autocomplete~="current-password" i]', '[autocomplete~="new-password" i]',
    '[autocomplete~="one-time-code" i]',
    ":is(input, textarea, select):is([name*=card i], [name*=cvv i], [name*=cvc i], [name*=ssn i], "
    "[name*=iban i], [name*=account i], [id*=card i], [id*=cvv i], [id*=cvc i], [id*=ssn i], "
    "[id*=iban i], [id*=account i])",
)
#: Explicit per-element opt-outs: they win over everything else on the element.
BUILTIN_OPT_OUT = ('[data-jam-blur="no" i]', '[data-dd-privacy="allow" i]')
