//! Optional output formats: `serde` serializes reports, diagnoses and credentials (no
//! allocation: text goes through `Serializer::collect_str`), and `defmt` formats them for
//! embedded loggers. Both show only what `Display` shows: never more of a secret than its
//! first 4 characters.

#[cfg(feature = "serde")]
mod serde_impls {
    use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};

    use crate::redact::Escaped;
    use crate::report::{Credential, Diagnostic, Diagnostics, PermanentToken, Redacted, Report};

    impl<const N: usize> Serialize for Report<'_, N> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut r = s.serialize_struct("Report", 7)?;
            r.serialize_field("kind", &self.input_kind())?;
            r.serialize_field("accepted", &self.is_accepted())?;
            r.serialize_field("reply", &self.reply())?;
            r.serialize_field("reply_text", &Shown(&self.reply_text()))?;
            r.serialize_field("reply_basis", &self.reply_basis())?;
            r.serialize_field("diagnostics", &List(self.diagnostics()))?;
            r.serialize_field("dropped", &self.dropped())?;
            r.serialize_field("credential", &self.credential())?;
            r.end()
        }
    }

    /// Text through `Display`, without allocating.
    struct Shown<'t, T: core::fmt::Display>(&'t T);

    impl<T: core::fmt::Display> Serialize for Shown<'_, T> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(self.0)
        }
    }

    struct List<'r>(Diagnostics<'r>);

    impl Serialize for List<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(self.0.len()))?;
            for d in self.0.clone() {
                seq.serialize_element(&d)?;
            }
            seq.end()
        }
    }

    impl Serialize for Diagnostic<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut d = s.serialize_struct("Diagnostic", 7)?;
            d.serialize_field("code", &self.code())?;
            d.serialize_field("severity", &self.severity())?;
            d.serialize_field("basis", &self.basis())?;
            d.serialize_field("reply", &self.reply())?;
            d.serialize_field("span", &self.span())?;
            d.serialize_field("message", &Shown(&self.message()))?;
            d.serialize_field("help", &Shown(&self.help()))?;
            d.end()
        }
    }

    impl Serialize for Redacted<'_> {
        /// The first 4 characters and `…`, as `Display` shows it.
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(self)
        }
    }

    impl Serialize for PermanentToken<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut t = s.serialize_struct("PermanentToken", 4)?;
            t.serialize_field("id", &Shown(&Escaped(self.id().as_bytes())))?;
            t.serialize_field("separator", &self.separator())?;
            t.serialize_field("secret", &self.secret())?;
            t.serialize_field("span", &self.span())?;
            t.end()
        }
    }

    impl Serialize for Credential<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Credential::Permanent(t) => {
                    s.serialize_newtype_variant("Credential", 0, "permanent", t)
                }
                Credential::Jwt(j) => s.serialize_newtype_variant("Credential", 1, "jwt", j),
            }
        }
    }
}

#[cfg(feature = "defmt")]
mod defmt_impls {
    use crate::report::{Diagnostic, Report};

    impl defmt::Format for Diagnostic<'_> {
        /// `error[token-truncated] 7..12`: the code, its severity and span (messages stay on
        /// the host, where `Display` renders them).
        fn format(&self, f: defmt::Formatter<'_>) {
            let span = self.span();
            defmt::write!(
                f,
                "{}[{}] {=usize}..{=usize}",
                self.severity(),
                self.code(),
                span.start,
                span.end
            )
        }
    }

    impl<const N: usize> defmt::Format for Report<'_, N> {
        /// The kind, whether it is accepted, the predicted reply and each diagnosis.
        fn format(&self, f: defmt::Formatter<'_>) {
            defmt::write!(
                f,
                "{} accepted={=bool} reply={}",
                self.input_kind(),
                self.is_accepted(),
                self.reply()
            );
            for d in self.diagnostics() {
                defmt::write!(f, " {}", d);
            }
        }
    }
}
