use crate::classifier::{self, LineModel};
use crate::context::Context;
use crate::finding::{Category, Detail, Finding, Severity, Signal};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;

pub struct JunkLine;

static META: RuleMeta = RuleMeta {
    code: "SL105",
    name: "junk-line",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    summary: "Line the learned line classifier takes for page furniture (menus, teasers, widgets, credits, footers).",
    explanation: "Phrase lists only know the sites they were written from. On a site seedlint has never seen, \
page furniture still gives itself away by its shape: menus are runs of one- to three-word lines without \
punctuation, breadcrumbs carry `»` or `|`, teasers are headline-length lines without an end mark between \
other short lines, footers carry `©` and rights notices, share and newsletter boxes use a small vocabulary \
(in Arabic, English, French, German and Spanish), bylines and datelines are short lines that start with \
`By`, `بقلم` or a date; and all of it sits before or after the run of prose paragraphs that is the article.\n\n\
Each line is described by 81 such features, and a logistic model weighs them. The weights are not set by \
hand: they are learned from hand-labelled lines of many sites by `seedlint train`, and the built-in model \
(`data/line_model.tsv`) is reproduced by the command written at its top. A line is reported when its \
probability reaches the model's threshold; the message gives the features that weighed most, and the \
finding's detail (the editor's hover) all of them. Lines an earlier rule already reported are skipped. \
Point `[classifier] model` in `seedlint.toml` at a model trained on your own labels. \
The fix is unsafe: a learned guess deserves a look before the line goes.",
    example: "Home | World | Sport\nShare on Facebook\nRead more: Another story about it",
    fix: Some("unsafe"),
};

impl Rule for JunkLine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let model: &LineModel = ctx.settings.line_model.as_deref().unwrap_or_else(|| LineModel::builtin());
        if model.threshold >= 1.0 {
            return;
        }
        let features = classifier::features(ctx);
        for (line, f) in ctx.lines.iter().zip(&features) {
            if line.is_blank() || ctx.is_claimed_any(line.index) {
                continue;
            }
            let p = model.probability(f);
            if p < model.threshold {
                continue;
            }
            let contributions = model.contributions(f);
            let why: Vec<String> = contributions
                .iter()
                .filter(|c| c.value > 0.0)
                .take(3)
                .map(|c| format!("{} ({:+.2})", c.reason, c.value))
                .collect();
            let signals =
                contributions.iter().map(|c| Signal { name: c.reason.to_string(), weight: c.value }).collect();
            let message = format!("Junk line, learned score {p:.2}: {}", why.join("; "));
            out.push(
                FindingBuilder::new(&META, line.trimmed_range(), message)
                    .fix(remove_line(line, false))
                    .detail(Detail::Score { score: p, threshold: model.threshold, signals })
                    .build(),
            );
        }
    }
}
