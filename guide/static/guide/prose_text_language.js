/* Rich-text marks and attributes that guide/sanitize.py keeps and the editor would
 * otherwise drop: <abbr title>, <dfn title>, a passage in another language
 * (<span lang dir>), a paragraph's lang/dir and a link's hreflang. Loaded by the prose
 * editor's "configurable" preset as the "TextLanguage" extension (config/settings/base.py).
 */
import { Extension, Mark, updateAttrsDialog } from "django-prose-editor/editor"

const kept = (name) => ({
  default: null,
  parseHTML: (element) => element.getAttribute(name),
  renderHTML: (attrs) => (attrs[name] ? { [name]: attrs[name] } : {}),
})

const simpleMark = (name, tag, attributes) =>
  Mark.create({
    name,
    addAttributes: () => Object.fromEntries(attributes.map((a) => [a, kept(a)])),
    parseHTML: () => [{ tag }],
    renderHTML: ({ HTMLAttributes }) => [tag, HTMLAttributes, 0],
  })

export const Abbreviation = simpleMark("abbreviation", "abbr", ["title"])
export const Definition = simpleMark("definition", "dfn", ["title"])
export const LanguageSpan = Mark.create({
  name: "languageSpan",
  addAttributes: () => ({ lang: kept("lang"), dir: kept("dir") }),
  parseHTML: () => [{ tag: "span[lang]" }, { tag: "span[dir]" }],
  renderHTML: ({ HTMLAttributes }) => ["span", HTMLAttributes, 0],
})

const languageDialog = updateAttrsDialog(
  {
    lang: { type: "string", title: "Language of the passage (e.g. en, es, ar)" },
    dir: { type: "string", title: "Direction", enum: ["", "ltr", "rtl"] },
  },
  { title: "Passage in another language" },
)

export const TextLanguage = Extension.create({
  name: "textLanguage",
  addExtensions: () => [Abbreviation, Definition, LanguageSpan],
  addGlobalAttributes: () => [
    { types: ["paragraph"], attributes: { lang: kept("lang"), dir: kept("dir") } },
    { types: ["link"], attributes: { hreflang: kept("hreflang") } },
  ],
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "languageSpan",
      groups: "marks",
      command(editor) {
        const attrs = editor.getAttributes("languageSpan")
        languageDialog(editor, attrs).then((result) => {
          if (!result) return
          const chain = editor.chain().focus().extendMarkRange("languageSpan")
          if (result.lang) chain.setMark("languageSpan", { lang: result.lang, dir: result.dir || null })
          else chain.unsetMark("languageSpan")
          chain.run()
        })
      },
      enabled: (editor) => !editor.state.selection.empty || editor.isActive("languageSpan"),
      active: (editor) => editor.isActive("languageSpan"),
      button: buttons.material("translate", "passage in another language"),
    })
  },
})
