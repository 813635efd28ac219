# ruff: noqa: RUF001  (translations keep their own typography: apostrophes, CJK punctuation)
"""What every published guide says about itself: the disclaimer and the publisher.

Both are frozen into each published document (`guide.document.build_document`), so a
version keeps the words it was published with. The disclaimer is written in English; the
other languages are machine-assisted translations, marked as such until a medical reviewer
confirms them (change `DISCLAIMER_PROVENANCE` when one does).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from guide.languages import SOURCE_LANGUAGE

DISCLAIMER: dict[str, str] = {
    "en": (
        "This guide is general information, not medical advice. It does not replace a visit "
        "with your doctor or pharmacist. Talk to them before you start, stop or change any "
        "treatment. In an emergency, call your local emergency number."
    ),
    "es": (
        "Esta guía ofrece información general, no consejo médico. No sustituye una consulta "
        "con su médico o farmacéutico. Hable con ellos antes de empezar, dejar o cambiar "
        "cualquier tratamiento. En una emergencia, llame al número de emergencias de su zona."
    ),
    "fr": (
        "Ce guide donne des informations générales, pas des conseils médicaux. Il ne remplace "
        "pas une consultation avec votre médecin ou votre pharmacien. Parlez-leur avant de "
        "commencer, d’arrêter ou de modifier un traitement. En cas d’urgence, appelez le "
        "numéro d’urgence de votre pays."
    ),
    "zh-hans": (
        "本指南提供一般信息，不构成医疗建议，不能代替您的医生或药剂师。"
        "开始、停止或更改任何治疗之前，请先咨询他们。如遇紧急情况，请拨打当地急救电话。"
    ),
    "vi": (
        "Hướng dẫn này cung cấp thông tin chung, không phải lời khuyên y tế. Hướng dẫn không "
        "thay thế việc gặp bác sĩ hoặc dược sĩ của bạn. Hãy hỏi ý kiến họ trước khi bắt đầu, "
        "ngừng hoặc thay đổi bất kỳ cách điều trị nào. Trong trường hợp khẩn cấp, hãy gọi số "
        "cấp cứu tại nơi bạn sống."
    ),
    "ar": (
        "يقدّم هذا الدليل معلومات عامة، وليس نصيحة طبية. ولا يغني عن زيارة طبيبك أو الصيدلي. "
        "تحدّث معهما قبل أن تبدأ أي علاج أو توقفه أو تغيّره. في حالات الطوارئ، اتصل برقم "
        "الطوارئ المحلي."
    ),
}
# "source" for English; every translation is machine-assisted until a reviewer confirms it.
DISCLAIMER_PROVENANCE: dict[str, str] = {
    code: "source" if code == SOURCE_LANGUAGE else "machine" for code in DISCLAIMER
}


def publisher() -> dict[str, str | None]:
    """Who publishes the guides and where to report a mistake (from settings)."""
    return {
        "name": settings.PUBLISHER_NAME,
        "url": settings.PUBLISHER_URL or None,
        "corrections_email": settings.PUBLISHER_CORRECTIONS_EMAIL or None,
        "corrections_url": settings.PUBLISHER_CORRECTIONS_URL or None,
    }


def trust_members() -> dict[str, Any]:
    """The members `build_document` freezes into each document."""
    return {
        "disclaimer": dict(DISCLAIMER),
        "disclaimer_provenance": dict(DISCLAIMER_PROVENANCE),
        "publisher": publisher(),
    }
