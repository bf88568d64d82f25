//! Permanent tokens written into a line: leaks, wherever they stand.

use gcore_auth::{Code, TokenEcho};

use super::super::diagnose::Hit;
use super::super::language::token::{self};
use super::reader::Ctx;

impl Ctx<'_, '_, '_> {
    pub(crate) fn leaks(&mut self) {
        for leak in token::leaks(self.line) {
            let t = &self.line[leak.token.clone()];
            let sep = leak.secret.start - leak.token.start;
            let shown = TokenEcho::new(t, Some(sep));
            self.out.hide.push(leak.secret.clone());
            self.out.hits.push(Hit {
                span: leak.token.clone(),
                code: Code::HardcodedToken,
                severity: Code::HardcodedToken.entry().severity,
                message: format!(
                    "a permanent token `{shown}` ({}-character secret) is written into the file",
                    leak.secret.len()
                ),
                reply: None,
                fix: None,
            });
        }
    }
}
