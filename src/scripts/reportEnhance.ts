// Progressive enhancement of the report flow. The page works without any of
// this; each part runs only when what it needs is there.
import accessibleAutocomplete from 'accessible-autocomplete';
import 'accessible-autocomplete/dist/accessible-autocomplete.min.css';
import { matchSchools } from '../search/names';

/** The school <select> becomes a type-to-search box (GOV.UK's accessible autocomplete). */
function enhanceSchoolSelect() {
  const select = document.querySelector<HTMLSelectElement>('select[data-autocomplete]');
  if (!select) return;
  // Read before enhancing: the widget gives the select's id to its input and renames the select.
  const { id } = select;
  const describedBy = select.getAttribute('aria-describedby');
  const labelledBy = document.querySelector(`label[for="${id}"]`)?.id;
  // Names and aliases (short and former names) from the options, matched as search matches them.
  const schools = [...select.options]
    .filter((o) => o.value)
    .map((o) => ({ name: o.textContent ?? '', aliases: JSON.parse(o.dataset.aliases ?? '[]') as string[] }));
  accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    source: (query: string, populate: (names: string[]) => void) => populate(matchSchools(query, schools).map((s) => s.name)),
    defaultValue: '',
    showAllValues: true,
    dropdownArrow: () => '',
    placeholder: '输入学校名称或简称，例如“星河”“三中”',
    tNoResults: () => '没有找到这所学校',
    tStatusQueryTooShort: (n: number) => `请至少输入 ${n} 个字`,
    tStatusNoResults: () => '没有找到学校',
    tStatusSelectedOption: (option: string, length: number, index: number) => `${option}，第 ${index + 1} 个，共 ${length} 个，已选中`,
    tStatusResults: (length: number, contentSelectedOption: string) => `找到 ${length} 所学校。${contentSelectedOption}`,
    tAssistiveHint: () => '输入后，用上下方向键浏览结果，按回车键选择。',
  });
  // The hint and the error move to the new input, as HMRC's wrapper does. The
  // hidden select keeps a name (its label now names the input) and describes nothing.
  const input = document.getElementById(id);
  if (input && describedBy) input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${describedBy}`.trim());
  select.removeAttribute('aria-describedby');
  if (labelledBy) select.setAttribute('aria-labelledby', labelledBy);
}

/** Contact fields are shown only when the parent chooses to leave them. */
function toggleContactFields() {
  const box = document.getElementById('contact-fields');
  const radios = document.querySelectorAll<HTMLInputElement>('input[name="anonymous"]');
  if (!box || radios.length === 0) return;
  const update = () => {
    const anonymous = document.querySelector<HTMLInputElement>('input[name="anonymous"]:checked')?.value;
    box.hidden = anonymous !== 'false';
  };
  radios.forEach((r) => r.addEventListener('change', update));
  update();
}

/** A copy button next to the receipt code, where the clipboard API exists. */
function copyButtons() {
  document.querySelectorAll<HTMLButtonElement>('button[data-copy]').forEach((button) => {
    const source = document.getElementById(button.dataset.copy ?? '');
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', async () => {
      await navigator.clipboard.writeText(source.textContent ?? '');
      button.textContent = '已复制';
    });
  });
}

enhanceSchoolSelect();
toggleContactFields();
copyButtons();
