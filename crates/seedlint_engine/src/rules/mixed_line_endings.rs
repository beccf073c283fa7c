use crate::context::Context;
use crate::document::LineEnding;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct MixedLineEndings;

static META: RuleMeta = RuleMeta {
    code: "SL603",
    name: "mixed-line-endings",
    category: Category::Encoding,
    default_severity: Severity::Warning,
    summary: "The file mixes line endings (LF, CRLF, lone CR).",
    explanation: "Text stitched together from several sources ends some lines with `\\n`, others with `\\r\\n` \
or a lone `\\r`. Tools then disagree on where lines are. One finding is reported, on the first line whose \
ending differs from the most common one; the fix rewrites every minority ending to the majority.",
    example: "سطر\\r\\nسطر\\n",
    fix: Some("safe"),
};

fn as_str(e: LineEnding) -> &'static str {
    match e {
        LineEnding::Lf => "\n",
        LineEnding::CrLf => "\r\n",
        LineEnding::Cr => "\r",
        LineEnding::None => "",
    }
}

fn label(e: LineEnding) -> &'static str {
    match e {
        LineEnding::Lf => "LF",
        LineEnding::CrLf => "CRLF",
        LineEnding::Cr => "CR",
        LineEnding::None => "none",
    }
}

impl Rule for MixedLineEndings {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let kinds = [LineEnding::Lf, LineEnding::CrLf, LineEnding::Cr];
        let counts = kinds.map(|k| ctx.lines.iter().filter(|l| l.ending == k).count());
        if counts.iter().filter(|&&n| n > 0).count() < 2 {
            return;
        }
        let (major_i, _) =
            counts.iter().enumerate().max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i))).unwrap_or((0, &0));
        let major = kinds.get(major_i).copied().unwrap_or(LineEnding::Lf);
        let minority: Vec<_> = ctx.lines.iter().filter(|l| l.ending != major && l.ending != LineEnding::None).collect();
        let Some(first) = minority.first() else {
            return;
        };
        let edits = minority.iter().map(|l| Edit::replace(l.end..l.eol_end, as_str(major))).collect();
        let summary: Vec<String> =
            kinds.iter().zip(counts).filter(|(_, n)| *n > 0).map(|(k, n)| format!("{n} {}", label(*k))).collect();
        out.push(
            FindingBuilder::new(
                &META,
                first.end..first.eol_end,
                format!("Mixed line endings ({}); this line ends with {}", summary.join(", "), label(first.ending)),
            )
            .fix(Fix::safe(format!("Use {} everywhere", label(major)), edits))
            .build(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn mixed() {
        let t = "a\r\nb\nc\nd\n";
        let f = findings("SL603", t);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].range, 1..3);
        let fixed = crate::fix::fix_all(
            &crate::Engine::new(crate::Settings { select: vec!["SL603".into()], ..Default::default() }),
            t,
            false,
        )
        .text;
        assert_eq!(fixed, "a\nb\nc\nd\n");
        assert!(findings("SL603", "a\r\nb\r\n").is_empty());
    }
}
