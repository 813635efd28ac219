# ruff: noqa: RUF001  (Chinese text is written with full-width punctuation, as it should be)
"""The fixed wording a printed handout adds around a guide's content, per language.

Headers, footers, the glossary heading and the fallback disclaimer are the handout's own
words, not the guide's: they are written here once per configured language and used only
where the published document has no text of its own (a guide's disclaimer wins). A
language without an entry gets the English wording, tagged `lang="en"` like any other
fallback, so adding a language never breaks printing.

These lines were written for the handout and have not been reviewed by the translators:
`REVIEWED` says which languages have been, and docs/handouts.md asks for review.
"""

from __future__ import annotations

from dataclasses import dataclass

from guide.languages import SOURCE_LANGUAGE


@dataclass(frozen=True)
class HandoutText:
    language: str  # Django code of the language these words are in
    page: str  # "Page {page} of {pages}"; the numbers are filled in by the page layout
    version: str
    draft: str  # in place of the version on a preview of unpublished edits
    reviewed: str
    not_reviewed: str
    next_review: str
    glossary: str
    online: str
    disclaimer: str
    english_note: str  # said once, in the reader's language, when some texts are English
    print_link: str  # the link to the handout from a guide's web page


_TEXTS: dict[str, HandoutText] = {
    "en": HandoutText(
        language="en",
        page="Page {page} of {pages}",
        version="Version {number}",
        draft="Draft, not published",
        reviewed="Medically reviewed {date}",
        not_reviewed="Not yet medically reviewed",
        next_review="next review due {date}",
        glossary="Glossary",
        online="Read online",
        disclaimer="General information, not medical advice. Ask your doctor or pharmacist "
        "about your own treatment.",
        english_note="Parts of this handout are not translated yet and are printed in English.",
        print_link="Printable handout (PDF)",
    ),
    "es": HandoutText(
        language="es",
        page="Página {page} de {pages}",
        version="Versión {number}",
        draft="Borrador, no publicado",
        reviewed="Revisión médica: {date}",
        not_reviewed="Sin revisión médica todavía",
        next_review="próxima revisión: {date}",
        glossary="Glosario",
        online="Leer en línea",
        disclaimer="Información general, no es consejo médico. Consulte a su médico o "
        "farmacéutico sobre su propio tratamiento.",
        english_note="Algunas partes de este folleto aún no están traducidas y se imprimen en "
        "inglés.",
        print_link="Folleto para imprimir (PDF)",
    ),
    "fr": HandoutText(
        language="fr",
        page="Page {page} sur {pages}",
        version="Version {number}",
        draft="Brouillon, non publié",
        reviewed="Relecture médicale : {date}",
        not_reviewed="Pas encore relu par un médecin",
        next_review="prochaine relecture : {date}",
        glossary="Glossaire",
        online="Lire en ligne",
        disclaimer="Informations générales, pas un avis médical. Parlez de votre traitement "
        "à votre médecin ou à votre pharmacien.",
        english_note="Certaines parties de ce document ne sont pas encore traduites et sont "
        "imprimées en anglais.",
        print_link="Fiche à imprimer (PDF)",
    ),
    "zh-hans": HandoutText(
        language="zh-hans",
        page="第 {page} 页，共 {pages} 页",
        version="版本 {number}",
        draft="草稿，未发布",
        reviewed="医学审核日期：{date}",
        not_reviewed="尚未经过医学审核",
        next_review="下次审核：{date}",
        glossary="术语表",
        online="在线阅读",
        disclaimer="一般信息，不构成医疗建议。关于您自己的治疗，请咨询您的医生或药剂师。",
        english_note="本资料的部分内容尚未翻译，以英文印出。",
        print_link="可打印资料（PDF）",
    ),
    "vi": HandoutText(
        language="vi",
        page="Trang {page} / {pages}",
        version="Phiên bản {number}",
        draft="Bản nháp, chưa xuất bản",
        reviewed="Đã được thẩm định y khoa ngày {date}",
        not_reviewed="Chưa được thẩm định y khoa",
        next_review="lần thẩm định tới: {date}",
        glossary="Thuật ngữ",
        online="Đọc trực tuyến",
        disclaimer="Thông tin chung, không phải lời khuyên y tế. Hãy hỏi bác sĩ hoặc dược sĩ "
        "về việc điều trị của riêng bạn.",
        english_note="Một số phần của tài liệu này chưa được dịch và được in bằng tiếng Anh.",
        print_link="Tài liệu để in (PDF)",
    ),
    "ar": HandoutText(
        language="ar",
        page="صفحة {page} من {pages}",
        version="الإصدار {number}",
        draft="مسودة، غير منشورة",
        reviewed="تمت المراجعة الطبية في {date}",
        not_reviewed="لم تتم المراجعة الطبية بعد",
        next_review="المراجعة القادمة: {date}",
        glossary="مسرد المصطلحات",
        online="اقرأ على الإنترنت",
        disclaimer="معلومات عامة وليست نصيحة طبية. اسأل طبيبك أو الصيدلي عن علاجك.",
        english_note="لم تتم ترجمة بعض أجزاء هذه النشرة بعد، وهي مطبوعة باللغة الإنجليزية.",
        print_link="نشرة للطباعة (PDF)",
    ),
}

# Languages whose wording above a translator has reviewed (the rest are drafts).
REVIEWED: frozenset[str] = frozenset({"en"})


def handout_text(code: str) -> HandoutText:
    """The handout's own wording in `code`, or in English when it has none for `code`."""
    return _TEXTS.get(code) or _TEXTS[SOURCE_LANGUAGE]
