from django import forms
from django.utils.translation import gettext_lazy as _

from neighbourhoods.models import MAX_SUSPENSION_DAYS

from .models import DECISION_REASON_MAX_LENGTH, REPORT_TEXT_MAX_LENGTH, Case
from .services import Action

ACTION_LABELS = {
    Action.DISMISS: _("Dismiss: nothing against the charter"),
    Action.RELEASE: _("Let it through: show it to everyone"),
    Action.HIDE: _("Hide the content"),
    Action.UNHIDE: _("Show the content again"),
    Action.WARN: _("Warn the member"),
    Action.SUSPEND: _("Suspend the membership for some days"),
    Action.BAN: _("Ban from the neighbourhood"),
    Action.LIFT: _("Lift the suspension or ban"),
}


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=[c for c in Case.Reason.choices if c[0] != Case.Reason.WATCHLIST],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Tell the moderators more (optional)"),
        required=False,
        max_length=REPORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        if places is not None:
            self.fields["neighbourhood"] = forms.ModelChoiceField(
                label=_("In which neighbourhood?"),
                queryset=places,
                empty_label=None,
            )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason, as the member will read it"),
        help_text=_("Cite the charter where you can."),
        max_length=DECISION_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    days = forms.IntegerField(
        label=_("Days of suspension"),
        help_text=_("Only for a suspension."),
        required=False,
        min_value=1,
        max_value=MAX_SUSPENSION_DAYS,
    )

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, ACTION_LABELS[a]) for a in actions]


class WatchListForm(forms.Form):
    words = forms.CharField(
        label=_("Watched words"),
        help_text=_(
            "One word or expression per line. New listings and messages that use "
            "one are held until a moderator looks at them."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
