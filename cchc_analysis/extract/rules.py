"""Declare the keyword table that guesses a figure's indicator from the words near it.

Each row of the table names keywords that must occur near a number, words that
must occur anywhere in its sentence, and the slug for a plain number and for a
percentage; :data:`INDICATOR_RULES` is the table as :class:`KeywordRule`
objects, in order of precedence, and :data:`COMPOUND_PHRASES` the phrases whose
words are not keywords on their own.  :func:`cchc_analysis.extract.extract_candidates`
uses them; all three names are also importable from
:mod:`cchc_analysis.extract.candidates` and the first two from
:mod:`cchc_analysis.extract`.

Examples
--------
>>> INDICATOR_RULES[0]
KeywordRule('trước hạn + đúng hạn' → dossiers_on_time / dossiers_on_time_pct)
>>> next(r for r in INDICATOR_RULES if r.context == ("khiếu nại",))
KeywordRule('khiếu nại' in a sentence with 'khiếu nại' → complaints_received / complaints_resolved_pct)
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["INDICATOR_RULES", "COMPOUND_PHRASES", "KeywordRule"]


@dataclass(frozen=True)
class KeywordRule:
    """Keywords that, found near a number, suggest an indicator.

    Every one of ``keywords`` must occur near the number (the farthest sets
    the rule's distance); every one of ``context`` must occur anywhere in the
    same sentence. ``slug`` is used for a plain number, ``pct_slug`` for a
    percentage; either may be ``""`` (the rule does not apply to that kind of
    number).
    """

    keywords: tuple[str, ...]
    context: tuple[str, ...]
    slug: str
    pct_slug: str

    def __repr__(self):
        ctx = f" in a sentence with {' + '.join(self.context)!r}" if self.context else ""
        return f"KeywordRule({' + '.join(self.keywords)!r}{ctx} → {self.slug or '-'} / {self.pct_slug or '-'})"


# The keyword table, declared as data. Columns: keywords near the number ("a + b": both;
# "x | y": either set) | words anywhere in the sentence | slug for a plain number | slug for
# a percentage. Lower case, whole words. The nearest rule wins, on a tie the earlier row.
_RULE_TABLE = [
    ("trước hạn + đúng hạn", "", "dossiers_on_time", "dossiers_on_time_pct"),
    ("trước hạn", "", "dossiers_early", "dossiers_early_pct"),
    ("quá hạn", "", "dossiers_late", "dossiers_late_pct"),
    ("đúng hạn", "", "dossiers_on_time", "dossiers_on_time_pct"),
    ("hồ sơ + trực tuyến", "", "online_dossiers", "online_dossiers_pct"),
    ("hồ sơ + tiếp nhận", "", "dossiers_received", ""),
    ("hồ sơ + đã giải quyết", "", "dossiers_resolved", ""),
    ("hồ sơ", "", "dossiers_received", ""),
    ("mức độ 3", "", "online_services_level3_count", "online_services_level3_pct"),
    ("mức độ 4", "", "", "online_services_level4_eligible_pct"),
    ("thanh toán trực tuyến", "", "", "tthc_online_payment_pct"),
    ("số hóa", "", "", "tthc_results_digitized_pct"),
    ("hài lòng + dịch vụ công trực tuyến", "", "", "online_services_satisfaction_pct"),
    ("hài lòng + y tế", "", "", "health_education_satisfaction_pct"),
    ("hài lòng + phiếu", "", "surveys_count", "satisfaction_pct"),
    ("hài lòng", "", "satisfied_responses_count", "satisfaction_pct"),
    ("phiếu", "", "surveys_count", ""),
    ("khiếu nại + đã giải quyết", "", "complaints_resolved", "complaints_resolved_pct"),
    ("khiếu nại | đơn", "khiếu nại", "complaints_received", "complaints_resolved_pct"),
    ("phản ánh + kiến nghị", "", "", "feedback_handled_pct"),
    ("tiếp công dân", "", "citizen_receptions_count", "citizens_received_properly_pct"),
    ("niêm yết", "", "", "tthc_posted_publicly_pct"),
    ("một cửa + xã, thị trấn", "", "", "communes_with_one_stop_shop_pct"),
    ("một cửa", "", "", "tthc_one_stop_pct"),
    ("tthc | thủ tục hành chính", "rà soát", "tthc_reviewed_count", "tthc_reviewed_pct"),
    ("cắt giảm + thời hạn", "", "tthc_time_cut_count", "tthc_time_cut_pct"),
    ("lĩnh vực", "", "tthc_fields_count", ""),
    ("tthc | thủ tục", "", "tthc_published_count", ""),
    ("vbqppl + rà soát", "", "", "legal_documents_reviewed_pct"),
    ("văn bản quy phạm pháp luật | vbqppl", "", "legal_documents_issued", "legal_documents_compliant_pct"),
    ("nghị quyết", "", "council_resolutions_count", ""),
    ("đợt", "giám sát", "council_supervision_rounds_count", ""),
    ("chữ ký số | ký số", "", "e_documents_signed_count", "e_documents_signed_pct"),
    ("văn bản điện tử", "", "e_documents_exchanged_count", "e_documents_sent_pct"),
    ("thư điện tử", "", "", "official_email_units_pct"),
    ("máy tính", "", "", "computers_per_official_pct"),
    ("chỉ số cải cách hành chính | par index | xếp thứ", "", "par_index_rank", ""),
    ("xã", "iso", "iso_9001_communes_count", ""),
    ("tinh giản", "", "staff_reduced", "staff_reduced_pct"),
    ("biên chế + giảm", "", "staff_quota_cut_count", "staff_reduced_pct"),
    ("biên chế | được giao", "", "staff_quota", ""),
    ("nghỉ hưu", "", "staff_retired_count", ""),
    ("thôi việc", "", "staff_resigned_count", ""),
    ("tuyển dụng", "", "staff_recruited_count", ""),
    ("bổ nhiệm lại", "", "leaders_reappointed_count", ""),
    ("bổ nhiệm", "", "leaders_appointed_count", ""),
    ("hoàn thành xuất sắc", "", "", "staff_rated_excellent_pct"),
    ("hoàn thành tốt nhiệm vụ", "", "", "staff_rated_good_or_above_pct"),
    ("cao cấp | trung cấp", "lý luận chính trị", "staff_political_theory_count", "staff_political_theory_pct"),
    ("chuyên viên", "quản lý nhà nước", "staff_state_management_grade_count", "staff_state_management_grade_pct"),
    ("thạc sĩ | đại học | cao đẳng | trung cấp", "", "staff_professional_qualification_count",
     "staff_professional_qualification_pct"),
    ("lớp", "", "training_classes_count", ""),
    ("lượt", "đào tạo", "training_participants", ""),
    ("đào tạo | bồi dưỡng", "", "training_participants", ""),
    ("cuộc", "", "dissemination_sessions_count", ""),
    ("thành viên | chủ tịch", "", "people_committee_members_count", ""),
    ("công chức + cấp xã | công chức + xã, thị trấn", "", "commune_officials_count", ""),
    ("viên chức", "", "public_employees_count", ""),
    ("công chức", "", "civil_servants_count", ""),
    ("lao động", "", "contract_workers_count", ""),
    ("tự chủ", "", "autonomous_public_units_count", "psu_autonomy_upgraded_pct"),
    ("đơn vị sự nghiệp", "", "public_service_units_count", "public_service_units_reduction_pct"),
    ("cơ quan chuyên môn", "", "specialized_agencies_count", ""),
    ("điểm trường", "", "school_sites_removed_count", ""),
    ("trường + sáp nhập", "", "schools_merged_count", ""),
    ("kinh phí | tỷ đồng | triệu đồng | đ", "", "plan_budget_vnd", ""),
    ("cận nghèo", "", "near_poor_households_count", "near_poor_households_pct"),
    ("hộ nghèo", "", "poor_households_count", "poor_households_pct"),
    ("khmer", "", "", "khmer_population_pct"),
    ("dân số", "", "population", ""),
    ("diện tích | ha", "", "area_ha", ""),
    ("km", "", "distance_to_province_centre_km", ""),
    ("thôn + sáp nhập", "", "villages_merged_count", ""),
    ("thôn", "", "villages_count", ""),
    ("xã + sáp nhập", "", "communes_merged_count", ""),
    ("xã, thị trấn | đơn vị hành chính cấp xã | xã", "", "communes_count", ""),
]
#: Phrases whose words are not keywords on their own ("xã hội" is not a commune).
COMPOUND_PHRASES = ("kinh tế - xã hội", "xã hội", "hội đồng", "đồng chí", "đồng thời",
                    "cán bộ, công chức, viên chức")


def _split(words: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in words.split(" + ") if w.strip())


#: The keyword rules, in order of precedence (see :class:`KeywordRule`).
INDICATOR_RULES = tuple(
    KeywordRule(_split(near), _split(ctx), slug, pct)
    for alternatives, ctx, slug, pct in _RULE_TABLE for near in alternatives.split(" | ")
)
