import type { AstroIntegration } from 'astro';

// accessible-autocomplete 3.0.1 adds, on iPhones and iPads only, a suffix to
// each option for VoiceOver (which ignores aria-posinset), hidden by an inline
// style attribute. The CSP forbids inline styles, so Safari shows the suffix
// (every school read "… 1 of 12") and logs a violation per option. Upstream
// moved it to a class (alphagov/accessible-autocomplete#794) but has not
// released that yet. Until it does, the build rewrites that one expression:
// the suffix carries the site's .visually-hidden class and says it in Chinese.
// If the library changes, the build fails here, so the patch is never silently
// dropped — remove this integration once a release carries the class.
const SUFFIX = / style="border:0;clip:rect\(0 0 0 0\);[^"]*"> '\+\((\w+)\+1\)\+" of "\+(\w+)\.length\+"<\/span>"/;
const LIBRARY = /accessible-autocomplete\/dist\/accessible-autocomplete\.min\.js$/;

/** The option's position as VoiceOver reads it on iOS: "，第 3 项，共 12 项". */
export function patchOptionSuffix(code: string): string {
  if (!SUFFIX.test(code)) throw new Error('accessible-autocomplete: the iOS option suffix has changed; check src/integrations/autocompleteSuffix.ts');
  return code.replace(SUFFIX, (_, index: string, options: string) => ` class="visually-hidden">，第 '+(${index}+1)+" 项，共 "+${options}.length+" 项</span>"`);
}

export function autocompleteSuffix(): AstroIntegration {
  const plugin = {
    name: 'schoolwatch:autocomplete-suffix',
    transform: (code: string, id: string) => (LIBRARY.test(id.split('?')[0]!) ? patchOptionSuffix(code) : undefined),
  };
  return {
    name: 'schoolwatch:autocomplete-suffix',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        // The build bundles the library itself; `astro dev` serves it pre-bundled, which only optimizeDeps' own plugins see.
        updateConfig({ vite: { plugins: [{ ...plugin, enforce: 'pre' }], optimizeDeps: { rolldownOptions: { plugins: [plugin] } } } });
      },
    },
  };
}
