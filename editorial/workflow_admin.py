"""The article page with its place in 三审三校: the current stage, the sign-off history and the
form that signs the next step (through workflow.services, as the API does)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.decorators.http import require_POST

from articles.admin import ArticleAdmin
from articles.models import Article
from core.concurrency import StaleVersion, parse_version
from workflow.models import SignOff
from workflow.services import article_sign_off, can_sign_stage, stage_label


class WorkflowArticleAdmin(ArticleAdmin):
    """ArticleAdmin with the workflow panel (articles knows nothing of the workflow)."""

    change_form_template = "admin/articles/article/change_form.html"
    list_display = (*ArticleAdmin.list_display, "stage")
    list_filter = (*ArticleAdmin.list_filter, "stage")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        article = self.get_object(request, object_id) if object_id else None
        if article is not None:
            in_sequence = article.stage in article.stage_sequence()
            extra_context = {
                **(extra_context or {}),
                "article_sign_offs": article.sign_offs.in_order(),
                "can_sign_stage": (
                    in_sequence
                    and not article.issue.is_published
                    and can_sign_stage(request.user, article.stage)
                ),
                "return_stages": [(s, stage_label(s)) for s in article.earlier_stages()],
                "decisions": SignOff.Decision.choices[:3],
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/sign-off/",
                self.admin_site.admin_view(require_POST(self.sign_off_view)),
                name="articles_article_sign_off",
            ),
            *super().get_urls(),
        ]

    def sign_off_view(self, request, object_id):
        """The panel's form: sign the stage the page showed, unless the article moved since."""
        article = get_object_or_404(
            self.get_queryset(request).select_related("issue__periodical"), pk=object_id
        )
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        try:
            article_sign_off(
                article=article,
                user=request.user,
                stage=request.POST.get("stage") or None,
                decision=request.POST.get("decision", ""),
                opinion=request.POST.get("opinion", ""),
                returned_to=request.POST.get("returned_to", ""),
                expected_version=parse_version(request.POST.get("page_version")),
            )
        except StaleVersion as stale:
            self.message_user(request, stale.message, messages.ERROR)
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(
                request,
                f"已签署：《{article}》现处于“{article.get_stage_display()}”。",
                messages.SUCCESS,
            )
        return redirect("admin:articles_article_change", article.pk)


admin.site.unregister(Article)
admin.site.register(Article, WorkflowArticleAdmin)
