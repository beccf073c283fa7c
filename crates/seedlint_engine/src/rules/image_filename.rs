use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;
use regex::Regex;
use std::sync::OnceLock;

pub struct ImageFilename;

static META: RuleMeta = RuleMeta {
    code: "SL205",
    name: "image-filename",
    category: Category::Metadata,
    default_severity: Severity::Warning,
    summary: "Line is an image's file name or URL left where the image was.",
    explanation: "Scrapers replace an image with its file name or source: `FE9CNKiWUAM6iQM.jpeg`, \
`Benny-Gantz-Abdellatif-Loudiyi1.jpg`, `https://…/photo.png`. A line that is nothing but a name or URL ending \
in an image extension (jpg, jpeg, png, gif, webp, avif, bmp, svg, tif, heic) is flagged.",
    example: "FE9CNKiWUAM6iQM.jpeg",
    fix: Some("safe"),
};

fn regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        crate::regex_util::compiled(r"(?i)^\S+\.(?:jpe?g|png|gif|webp|avif|bmp|svg|tiff?|heic)(?:\?\S*)?$")
    })
}

impl Rule for ImageFilename {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, _ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        let t = line.trimmed();
        if t.is_empty() || t.len() > 400 || !regex().is_match(t) {
            return;
        }
        out.push(
            FindingBuilder::new(&META, line.trimmed_range(), format!("Image file name left in the text: \"{t}\""))
                .fix(remove_line(line, true))
                .build(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn image_names() {
        assert_eq!(
            lines("SL205", "FE9CNKiWUAM6iQM.jpeg\n \n7C588B94-630C.JPG\nhttps://a.b/c.png?w=2\n"),
            vec![1, 3, 4]
        );
        assert!(lines("SL205", "الصورة photo.jpg في المقال\nreport.pdf\n").is_empty());
    }
}
