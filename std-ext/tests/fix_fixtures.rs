//! `scan --fix`, `scan --fix --unsafe-fixes` and `scan --diff` over the fixture trees under
//! `tests/fixtures/fix/<kind>/`, one per kind of file the scanner reads. Each tree is copied to
//! a temporary folder and fixed there, and then:
//!
//! - every file is its original with exactly the listed lines rewritten, each to the listed
//!   text: the other lines (right headers, placeholders, JWTs with `Bearer`, other APIs'
//!   headers, an expired JWT) keep every byte;
//! - a rescan reports exactly the listed findings, and the exit statuses of `--fix` and of
//!   `scan` at each `--min-severity` follow from what is left;
//! - the files still parse (`bash -n`, `py_compile`, PyYAML, `json`, `tomllib`; `node --check`
//!   and `gofmt` when installed), with no key written twice in one mapping or dict;
//! - a second `--fix` changes no byte;
//! - `--diff` on a fresh copy changes nothing, exits 1 and names the files `--fix` rewrites;
//!   neither it nor any other output shows more of a secret than its first 4 characters.
//!
//! The tokens are fake: 128 hex characters from a fixed seed. In the expectations below
//! `@T<n>@` stands for the secret `TOKENS[n - 1]`, `@JWT@` for a live access JWT and `@JWTX@`
//! for an expired one.

#![cfg(unix)]

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

/// The secrets of the fixtures' permanent tokens: `@T<n>@` is `TOKENS[n - 1]`.
const TOKENS: [&str; 48] = [
    "b37523a53b4a3ee20463513755ac0ecd5e6a0a2edd70e34dc1d77cffb7decc0c5d96cf7f265beda9cf0c26ef4243ed52566bf9d7c55a45f8d1a6e55e9b9b1325",
    "1ff135342e825ce1158d003d9a0b2361aed09b824ca87fc2bfb637dd5bae2d26683447c10cc8af11dd4eabbd1fcfb9809823beb1e6ba3ad74de45321ad915a36",
    "af5d8bb09f2e9ea4765890e0f94855d0d178403035c9a8c4668dc8f46a423cf9d330a5494d14cf1a4cc346363c23403800d9f4ad53a2f2b633f5f28807f0cbd4",
    "422acab59248b974bf416c30f1f0742a0e46c215b5fa5b0cdb18bd763f20134cfdfb462fd6fad8dbf82d5644ef7d9967699f071a5fd8e665a9dfdec6baecde5b",
    "da0aea0eaa72870bdd63d2a5d17644600e0bc896afbec9a66dbb8cb8ef65ed7826ad41ef88c279d937c990fad57dcafd3a7cfb366088155f476354b65ed08d6b",
    "70faf36fb78eda4fea394aba6a42ed19aa5bf36518677db75c80f9be67fd4c1e84d0c3f0b2e73ae0eee45145f585675fd17737815438a5b507bda21c604af42a",
    "4a66b263ab8474ccf768f221a91b4e9dcc31d7b90ff191f0fed5ce26af1ac6da2e0126319a72180d908a3e291dd257d50f4bf777e1030fe1ca1ab21554c6c4b3",
    "3cc89b41f339a6840473b8248ac03649d6442260559d7e7902c89680e98c5884857ce06bf9a21be1355cca5db3c7b88e535f2002b9f7f89ec689c846b6b81ec6",
    "ed20eb98ea70df2d25609be3c444a62e8d1eac030bab1534b2a57e606d09cf94d2e06b36b9ea43d486f4f14cc599fac75f4e45815c00d3d2d68c20053f91ed95",
    "f6bd8eca9f374cd643e94334742de49bbbb458d39fd583eb0286ecec43432c6bc8fd442ec56309d2d31f0231deef435140ba6f09be38fcbb133945bae4114d10",
    "2875a2d038ccde1e498e0b0d13f8bb730c67a2cb603c161677a22873705bdd1259227301507a4f34f2e25394dbda118b3d0d125a162d85c62293d03e9e6024cd",
    "e655f6aa8e18a60ed2e83592e220532fbdef9f4b0ecb476f9f61d62f48f8f1642f2a44422f862cec6965c425b110d30a9d411e83fb7eca2fe6160abb7e3b9a59",
    "5f17603f600fb75e12400dfacf737131b1b0b480ac7a0c5d55ed4a06caf735c5cde055b6c1e6c246cca243377202aed9b49fe4dd0d2671eff4116bb4f69ceaf6",
    "e345c182ead5c02a25c8e40952a69ac037848b772ac954c33173f9f7b59ecf105c6cf0c200ae623f49a7a58cb216749af1ab87be190afbe86a2a4face3cfe64c",
    "9f3c55481454929e46978debe82ce7ffcad8f6bd6ceebb95517f1efe987474ab58c0d341131d9da7dad51d4e98dc6d62bea75defe8cbb19dc55cd6e0683d063f",
    "2996b98c8ae407f6b44ac6556a435a0e3ecce515c900bbc04c7dae9d4c7497b8b849a411a377cf5a8a356a49798bf36c92a74c3169e005990a8e9f78fecdeeb7",
    "31643087af6f5ad05f20c770621477ba6f7fa45fba52fff42c5747ba38c9127883ab0c1e4dbf539fde83bc134dccef77e19cfa0816c60a7fec073ffed92a2829",
    "c961c2115d0a2a43fa69b704d6ebf52a1b227b5101f752bc3f108ac506adf2a1be6f3d77765b1f48d33cc8deaa68268ccaf9a1f46c738235ffaf06a5c67977f5",
    "0fbc218a9faa700105a7a94b86cf6aba6d33cb78f009528b743c8bf486e6994b3cc17d11b7fd3194ee8bfa0c5810acfc998b61a250e2e001224f4790924cfa31",
    "477bbd87851be906ed6463180803b5b6070b98489c8bea5a2f5ddb2d707019361b86236bdb153e2b8c43766ac88007a09dd397a8d0b884f1b81bdf65cf94926d",
    "cc3452832ef936ae2f0f168048e468c472ffbd06ad77d09fb253be39b972dbea0045a9a2c9608b2033a07f4e48c8b756a7ac12766b748647d39cea090dd7b1fe",
    "55b4c0a7f0611ec6d6b5b8cec30d2a4001cd8d9219659889f30658609e6aca3c2a4fe771a101eadace2f307a0ac92aa66161642dcce67426dde3aa614163e669",
    "37c77e795f95074c40d54a37c79af857582b6309b5d57d975edd84717f356ed0f069472d53af6946c344b264d1b7b3838f2d28381afde707492bca68261c8618",
    "514e4445f00f32dad85bc7877b89cd3502bf0cdde3dcc49444ad66329d498bbf283df607affe167359855cf792d0de61f7d20afa646caacbee8b0ef723820081",
    "d30a2b04ea3394d743a1fbf9e0e3d7926ee5a69abb1a5fe466e278ffc3f08539a5f153703e68342bf84cdb1cb53d472cae83f5d911f2d84de59c396b667db890",
    "8db1cec0d7a245ab52f072825bddde76eb921de6c9976515d21b7c0794f46d08764fa2d97bc36d30d4270c0d88ce4a0077e847e02aaefe554887592d4a2b60cd",
    "01f54b1cd641b93f2b529e0e00fb7addef5e4cb2dde39ed2123245bc1eb1f373911191a9a5735623d2aca29f0297efbb4f43b8ae9c45c1a0b3402c21a34202d8",
    "2de794a99d923d60676e8937ff99c8894d3c0254ecf910bcd7d56afcec0cfbf8fad0fde2efd3b688022c66a6aee6e11a6b6dfdee8c7c8ae3fda71c3cb1280dce",
    "5a475811dac9fc91137829d60c624aee73e8360dd8d3fd031f29f538b1fea7c207ff0e992a22f697173f00ca4c02debab4a06d78452ab32688073ecefe58a2fe",
    "ae22db8f4b0c588ec41426287ed209de13040e5fa5366e6d241daf7198a62bdcc9e95021bba3333c51e19600796fa12e99ea5086bc4d120a3b3d0048223856ce",
    "d10e69aff8bb198c7d218cc1cb0686f882df19995652414a892aad17d82a54a5ca9c09d78512362db5a83fedc90cdc4d7211b58e67d22dabcc99d6891aff8d8e",
    "01c45b92e898064eddc47a56946b460476fcde7a96485df79324688b182f01068fe304db7e805f155ccccc5279b5c606db63d3f07f48c293c943fd08131edcd8",
    "d98b343327cf2bfd518b68078a3f0e5ce8304fc3861057d6b4fc91cd58c0da0a5792d3dca8e0082af13569c84e019f5b767a796cb88d5d6d33d8c25859a6b468",
    "3c4eba18b6d500ad2b8fec8c62cd295b59ce76ab71e2a91530a65551ff5910c1be743a99dc554f8cda470cb08de406407306943b76a2da962a8ad003a14aa492",
    "951dcda5eb5c95b00a844ee385dcd1c5b9809e9027e6126e34b473f5aba1801e02512c34db9df445b00a125c4bcc76652c1748ad22881ac07a8e6b70e264e25d",
    "1f09bfa5f954ee5ea38b0616055df180f0c2e611bcf0427bbc05c70c7abea3ca0997a4707520465e9822d996b16059d8ff1fbb59f58a9c0fa968ddffceefa1b9",
    "c4ce1c3f57842e30b89f7ec94c7e85dd16bcca1fe11bbdf27b65735b6513bc21aa81a4d4020cfbd8307e89de41370f1638b98793c4a94435bddf7956b9857759",
    "86937eed9647c19c5e0227dc41d29e576e3775add8d5088283cc72c11ea27837366152392d5b3045356e1fb4a42ed2511fcac144717f5935883c9922a97076d1",
    "1dc622fa8ad0bf7821e082cae19c3c12a357d7ed516133f08d022a83f5bead2a2e3b7361eebeff3be54ab9f5107959e9991bdcb953741eb46a0c26c130c78299",
    "39412af88f2edf7572218aa9d5ebfc2c0c592f70825a294fd55f08df1fb16d645f62869f724afb4c366e26bacd083bd8225f21f8400b1deb5777a851a2001383",
    "c13927b92796d7e4cabd15ac30b19a33eb5c143966832c9f430561ca316e4f3e24747fec5472e184f9cc735aeca39967c2c42c09e9b1c29575fcc589c081b77b",
    "71efab640febfb12009d0ed2139e40d5555555a66ba22f409f6215ffb49803294857f3c274fcf388f799cff587803cff6438065b205a68b3ec6dd11b0a10816d",
    "6f450a88c2125aac80330901baa105aa0659bb80b15d22f38e9c2d4889ad0eb6c0a1d2d0d34c6922f56b458d635281fc07fa61cab0b74003f2bdcfeb9482969d",
    "00496c647e825a78dbc062db05aeddeabe90370fc1cc27eb044b88eb6776f087e55ab07a6a300c1b0096488850fb943d085b1e4ec3fe99a2c09281f9a18f2b15",
    "56ada9d32193e7ebdd8ba423e423034fec0cb761a66fa2d20a5d14e091a764213f5dc620e478d076e23db3bc50532c8c0df5fd9aec2c3fe2385410c570868635",
    "6c3739a7531bbbfe52816a9392ce53cc0956a3f5e1eee042d4ce68c9646dab3aec1805aa0fdae90fbbdfe8be45dcf3ea77d030b232ad771cb09ad8140ce0d438",
    "bb441a336a2019be89795ce00c632f76a81b2549ad036f89c1ee372f1eaac0ffbbb68a856d668778b9fc0fb5319934841ab85350d15935d617241f599d83efb5",
    "0cd08dd6ddc5de8882597e2a9fcdee5fab0e238baccffddc1ce254874925914c4fb23c77128a17566c2356284c7b68ce5c0be31b0767eb687d1cbee97723d7b7",
];

/// `{"typ":"JWT","alg":"RS256"}` . `{"token_type":"access","exp":4102444800,"user_id":4121,
/// "client_id":8830}` . signature
const JWT: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjo0MTAyNDQ0ODAwLCJ1c2VyX2lkIjo0MTIxLCJjbGllbnRfaWQiOjg4MzB9.2CGh_0XT6coIAZkmNWwl0T2vhqu_RnF8oettFOvK5Px5Xyn26LVZhSEpBgoiuYxT0pDSIcXgqzTynVun2cAOPQ";
/// The same with `"exp":1700000000`: expired.
const JWT_EXPIRED: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzAwMDAwMDAwLCJ1c2VyX2lkIjo0MTIxLCJjbGllbnRfaWQiOjg4MzB9.jYT_c8b84WdjYX8haFfvT3J2cbe7ulxKurbzm7J6a8LDH2mQVN1cqs93fjRDbLg1VJtRxACsuKleF7jozUl4pA";

/// A line as `--fix` leaves it: file, line number, text (`@T<n>@` for a secret).
type Line = (&'static str, usize, &'static str);

/// A fixture tree and what fixing it gives.
struct Tree {
    /// Its folder under `tests/fixtures/fix`.
    name: &'static str,
    /// The lines the machine-applicable fixes rewrite.
    fixed: &'static [Line],
    /// The lines `--unsafe-fixes` rewrites besides those (or otherwise).
    unsafe_fixed: &'static [Line],
    /// What `scan --min-severity note` reports after `--fix`: `file:line: severity[code]`.
    left: &'static [&'static str],
    /// The same after `--fix --unsafe-fixes`.
    left_unsafe: &'static [&'static str],
}

const SHELL: Tree = Tree {
    name: "shell",
    fixed: &[
        (
            "deploy.sh",
            18,
            r#"curl -fsS -H "Authorization: APIKey 29841_@T1@" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            "deploy.sh",
            19,
            r#"curl -fsS -H "Authorization: APIKey 51207_@T2@" https://api.gcore.com/cdn/resources"#,
        ),
        (
            "deploy.sh",
            20,
            r#"curl -fsS -H "Authorization: Bearer $GCORE_ACCESS_TOKEN" https://api.gcore.com/cdn/resources"#,
        ),
        (
            "deploy.sh",
            21,
            r#"curl -fsS -H "Authorization: APIKey 3366_@T3@" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            "deploy.sh",
            22,
            r#"curl -fsS -H "Authorization: APIKey $GCORE_API_KEY" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            "deploy.sh",
            23,
            r#"curl -fsS -H "Authorization: APIKey $GCORE_API_KEY" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            "deploy.sh",
            24,
            r#"curl -fsS -H "Authorization: APIKey $GCORE_API_KEY" https://api.gcore.com/iam/clients/me"#,
        ),
        // `Authorization: Authorization: APIKey …`: the repeated name is the finding, not a
        // placeholder scheme.
        (
            "deploy.sh",
            25,
            r#"curl -fsS -H "Authorization: APIKey $GCORE_API_KEY" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            "deploy.sh",
            26,
            r#"curl -fsS -H "Authorization: APIKey 29841_@T4@" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            "deploy.sh",
            27,
            r#"curl -fsS -H "Authorization: APIKey 29841_@T5@" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            "deploy.sh",
            28,
            r#"curl -fsS -H "Authorization: APIKey 29841\$@T6@" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            "deploy.sh",
            29,
            r#"curl -fsS -H "Authorization: APIKey $GCORE_API_KEY" https://api.gcore.com/iam/clients/me"#,
        ),
        ("deploy.sh", 30, r#"export GCORE_API_KEY='29841$@T7@'"#),
        ("deploy.sh", 31, r#"export GCORE_API_KEY='29841_@T8@'"#),
        (
            "deploy.sh",
            33,
            r#"  -H "Authorization: APIKey 29841_@T9@" \"#,
        ),
    ],
    unsafe_fixed: &[
        (
            "deploy.sh",
            37,
            r#"curl -fsS -H "Authorization: APIKey $GCORE_API_KEY" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            "deploy.sh",
            38,
            r#"curl -fsS -H "Authorization: $GCORE_API_KEY" https://api.gcore.com/iam/clients/me"#,
        ),
    ],
    left: &[
        "deploy.sh:10: note[jwt-bearer]",
        "deploy.sh:12: note[token-placeholder]",
        "deploy.sh:15: note[jwt-bearer]",
        "deploy.sh:18: error[hardcoded-token]",
        "deploy.sh:19: error[hardcoded-token]",
        "deploy.sh:21: error[hardcoded-token]",
        "deploy.sh:26: error[hardcoded-token]",
        "deploy.sh:27: error[hardcoded-token]",
        // Its `$` escaped, the token is still written into the file.
        "deploy.sh:28: error[hardcoded-token]",
        "deploy.sh:28: warning[token-legacy-separator]",
        "deploy.sh:30: error[hardcoded-token]",
        "deploy.sh:30: warning[token-legacy-separator]",
        "deploy.sh:31: error[hardcoded-token]",
        "deploy.sh:33: error[hardcoded-token]",
        "deploy.sh:37: error[scheme-bearer]",
        "deploy.sh:38: error[header-name-wrong]",
        "deploy.sh:38: error[scheme-missing]",
    ],
    left_unsafe: &[
        "deploy.sh:10: note[jwt-bearer]",
        "deploy.sh:12: note[token-placeholder]",
        "deploy.sh:15: note[jwt-bearer]",
        "deploy.sh:18: error[hardcoded-token]",
        "deploy.sh:19: error[hardcoded-token]",
        "deploy.sh:21: error[hardcoded-token]",
        "deploy.sh:26: error[hardcoded-token]",
        "deploy.sh:27: error[hardcoded-token]",
        "deploy.sh:28: error[hardcoded-token]",
        "deploy.sh:28: warning[token-legacy-separator]",
        "deploy.sh:30: error[hardcoded-token]",
        "deploy.sh:30: warning[token-legacy-separator]",
        "deploy.sh:31: error[hardcoded-token]",
        "deploy.sh:33: error[hardcoded-token]",
        "deploy.sh:38: error[scheme-missing]",
    ],
};

const PYTHON: Tree = Tree {
    name: "python",
    fixed: &[
        (
            "client.py",
            19,
            r#"bad = requests.get(API, headers={"Authorization": "APIKey 29841_@T1@"})"#,
        ),
        (
            "client.py",
            20,
            r#"bare = {"Authorization": "APIKey 51207_@T2@"}"#,
        ),
        (
            "client.py",
            21,
            r#"case = requests.get(API, headers={"Authorization": "Bearer " + access_token})"#,
        ),
        (
            "client.py",
            22,
            r#"twice = {"Authorization": "APIKey 3366_@T3@"}"#,
        ),
        (
            "client.py",
            23,
            r#"spelled = {"Authorization": "APIKey " + key}"#,
        ),
        (
            "client.py",
            24,
            r#"spaces = {"Authorization": "APIKey " + key}"#,
        ),
        (
            "client.py",
            25,
            r#"glued = {"Authorization": "APIKey 29841_@T4@"}"#,
        ),
        (
            "client.py",
            26,
            r#"typo = {"Authorization": "APIKey 29841_@T5@"}"#,
        ),
        (
            "client.py",
            27,
            r#"quoted = {"Authorization": "APIKey 29841_@T6@"}"#,
        ),
        (
            "client.py",
            28,
            r#"os.environ["GCORE_API_KEY"] = "29841_@T7@""#,
        ),
        (
            "client.py",
            29,
            r#"zwsp = {"Authorization": "APIKey 29841_@T8@"}"#,
        ),
        // Behind `\u00a0` the token is still a token written into the file, and a fix that
        // makes it visible does not count as adding that error.
        (
            "client.py",
            30,
            r#"nbsp = {"Authorization": "APIKey 29841_@T9@"}"#,
        ),
        (
            "client.py",
            31,
            r#"newline = requests.get(API, headers={"Authorization": "APIKey " + key + ""})"#,
        ),
        (
            "client.py",
            33,
            r#"    "Authorization": "APIKey 29841_@T10@","#,
        ),
    ],
    unsafe_fixed: &[
        (
            "client.py",
            37,
            r#"maybe = requests.get(API, headers={"Authorization": "APIKey " + os.environ["GCORE_API_KEY"]})"#,
        ),
        (
            "client.py",
            38,
            r#"other = requests.get(API, headers={"Authorization": key})"#,
        ),
        // Line 41 sends both headers: renaming `X-API-Key` would write the key `Authorization`
        // twice, and the second (the bare token) would replace the right one: not renamed.
    ],
    left: &[
        "client.py:14: note[jwt-bearer]",
        "client.py:15: note[jwt-bearer]",
        "client.py:16: note[token-placeholder]",
        "client.py:19: error[hardcoded-token]",
        "client.py:20: error[hardcoded-token]",
        "client.py:22: error[hardcoded-token]",
        "client.py:25: error[hardcoded-token]",
        "client.py:26: error[hardcoded-token]",
        "client.py:27: error[hardcoded-token]",
        "client.py:28: error[hardcoded-token]",
        "client.py:29: error[hardcoded-token]",
        "client.py:30: error[hardcoded-token]",
        "client.py:33: error[hardcoded-token]",
        "client.py:37: error[scheme-bearer]",
        "client.py:38: error[header-name-wrong]",
        "client.py:38: error[scheme-missing]",
        "client.py:41: error[header-name-wrong]",
        "client.py:41: error[scheme-missing]",
    ],
    left_unsafe: &[
        "client.py:14: note[jwt-bearer]",
        "client.py:15: note[jwt-bearer]",
        "client.py:16: note[token-placeholder]",
        "client.py:19: error[hardcoded-token]",
        "client.py:20: error[hardcoded-token]",
        "client.py:22: error[hardcoded-token]",
        "client.py:25: error[hardcoded-token]",
        "client.py:26: error[hardcoded-token]",
        "client.py:27: error[hardcoded-token]",
        "client.py:28: error[hardcoded-token]",
        "client.py:29: error[hardcoded-token]",
        "client.py:30: error[hardcoded-token]",
        "client.py:33: error[hardcoded-token]",
        "client.py:38: error[scheme-missing]",
        "client.py:41: error[header-name-wrong]",
        "client.py:41: error[scheme-missing]",
    ],
};

const JS: Tree = Tree {
    name: "js",
    fixed: &[
        (
            "client.mjs",
            17,
            r#"  await fetch(`${API}/cdn/resources`, { headers: { Authorization: "APIKey 29841_@T11@" } });"#,
        ),
        (
            "client.mjs",
            18,
            r#"  await fetch(`${API}/cdn/resources`, { headers: { Authorization: `APIKey 51207_@T12@` } });"#,
        ),
        (
            "client.mjs",
            19,
            r#"  await fetch(`${API}/cdn/resources`, { headers: { Authorization: `Bearer ${accessToken}` } });"#,
        ),
        (
            "client.mjs",
            20,
            r#"  await fetch(`${API}/cdn/resources`, { headers: { Authorization: 'APIKey 3366_@T13@' } });"#,
        ),
        (
            "client.mjs",
            21,
            r#"  await fetch(`${API}/cdn/resources`, { headers: { Authorization: `APIKey ${key}` } });"#,
        ),
        (
            "client.mjs",
            22,
            r#"  await fetch(`${API}/cdn/resources`, { headers: { Authorization: `APIKey ${key}` } });"#,
        ),
        // Glued to `APIKey`, the token is still a token written into the file.
        (
            "client.mjs",
            23,
            r#"  await fetch(`${API}/cdn/resources`, { headers: { Authorization: "APIKey 29841_@T14@" } });"#,
        ),
        (
            "client.mjs",
            24,
            r#"  await fetch(`${API}/cdn/resources`, { headers: { Authorization: 'APIKey 29841_@T15@' } });"#,
        ),
    ],
    unsafe_fixed: &[
        (
            "client.mjs",
            28,
            r#"export const maybe = { headers: { Authorization: `APIKey ${process.env.GCORE_API_KEY}` } };"#,
        ),
        (
            "client.mjs",
            29,
            r#"export const other = fetch(API, { headers: { "Authorization": key } });"#,
        ),
    ],
    left: &[
        "client.mjs:11: note[jwt-bearer]",
        "client.mjs:12: note[jwt-bearer]",
        "client.mjs:13: note[token-placeholder]",
        "client.mjs:17: error[hardcoded-token]",
        "client.mjs:18: error[hardcoded-token]",
        "client.mjs:20: error[hardcoded-token]",
        "client.mjs:23: error[hardcoded-token]",
        "client.mjs:24: error[hardcoded-token]",
        "client.mjs:28: error[scheme-bearer]",
        "client.mjs:29: error[header-name-wrong]",
        "client.mjs:29: error[scheme-missing]",
    ],
    left_unsafe: &[
        "client.mjs:11: note[jwt-bearer]",
        "client.mjs:12: note[jwt-bearer]",
        "client.mjs:13: note[token-placeholder]",
        "client.mjs:17: error[hardcoded-token]",
        "client.mjs:18: error[hardcoded-token]",
        "client.mjs:20: error[hardcoded-token]",
        "client.mjs:23: error[hardcoded-token]",
        "client.mjs:24: error[hardcoded-token]",
        "client.mjs:29: error[scheme-missing]",
    ],
};

const GO: Tree = Tree {
    name: "go",
    fixed: &[
        (
            "client.go",
            27,
            "\treq.Header.Set(\"Authorization\", \"APIKey 29841_@T16@\")",
        ),
        (
            "client.go",
            28,
            "\treq.Header.Set(\"Authorization\", \"APIKey 51207_@T17@\")",
        ),
        (
            "client.go",
            29,
            "\treq.Header.Set(\"Authorization\", fmt.Sprintf(\"Bearer %s\", token))",
        ),
        (
            "client.go",
            30,
            "\treq.Header.Set(\"Authorization\", \"APIKey 3366_@T18@\")",
        ),
        (
            "client.go",
            31,
            "\treq.Header.Set(\"Authorization\", \"APIKey \"+os.Getenv(\"GCORE_API_KEY\"))",
        ),
        (
            "client.go",
            32,
            "\treq.Header.Set(\"Authorization\", \"APIKey \"+os.Getenv(\"GCORE_API_KEY\"))",
        ),
        (
            "client.go",
            33,
            "\treq.Header.Set(\"Authorization\", `APIKey 29841_@T19@`)",
        ),
    ],
    unsafe_fixed: &[
        (
            "client.go",
            38,
            "\treq.Header.Set(\"Authorization\", \"APIKey \"+os.Getenv(\"GCORE_API_KEY\"))",
        ),
        (
            "client.go",
            39,
            "\treq.Header.Set(\"Authorization\", os.Getenv(\"GCORE_API_KEY\"))",
        ),
    ],
    left: &[
        "client.go:18: note[jwt-bearer]",
        "client.go:19: note[jwt-bearer]",
        "client.go:20: note[token-placeholder]",
        "client.go:22: note[scheme-case]",
        "client.go:22: error[hardcoded-token]",
        "client.go:27: error[hardcoded-token]",
        "client.go:28: error[hardcoded-token]",
        "client.go:30: error[hardcoded-token]",
        "client.go:33: error[hardcoded-token]",
        "client.go:38: error[scheme-bearer]",
        "client.go:39: error[header-name-wrong]",
        "client.go:39: error[scheme-missing]",
    ],
    left_unsafe: &[
        "client.go:18: note[jwt-bearer]",
        "client.go:19: note[jwt-bearer]",
        "client.go:20: note[token-placeholder]",
        "client.go:22: note[scheme-case]",
        "client.go:22: error[hardcoded-token]",
        "client.go:27: error[hardcoded-token]",
        "client.go:28: error[hardcoded-token]",
        "client.go:30: error[hardcoded-token]",
        "client.go:33: error[hardcoded-token]",
        "client.go:39: error[scheme-missing]",
    ],
};

/// A GitHub Actions workflow: `run:` steps and `env:`.
const CI: Tree = Tree {
    name: "ci",
    fixed: &[
        (
            ".github/workflows/smoke.yml",
            12,
            r#"      GCORE_PERMANENT_TOKEN: "29841_@T21@""#,
        ),
        (
            ".github/workflows/smoke.yml",
            13,
            r#"      GCORE_TOKEN: '51207_@T22@'"#,
        ),
        (
            ".github/workflows/smoke.yml",
            27,
            r#"          curl -fsS -H "Authorization: Bearer $GCORE_ACCESS_TOKEN" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            ".github/workflows/smoke.yml",
            28,
            r#"          curl -fsS -H "Authorization: APIKey $GCORE_API_KEY" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            ".github/workflows/smoke.yml",
            29,
            r#"          curl -fsS -H "Authorization: APIKey 29841\$@T23@" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            ".github/workflows/smoke.yml",
            30,
            r#"          curl -fsS -H "Authorization: APIKey 3366_@T24@" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            ".github/workflows/smoke.yml",
            31,
            r#"          curl -fsS -H "Authorization: APIKey $GCORE_API_KEY" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            ".github/workflows/smoke.yml",
            33,
            r#"      - run: curl -fsS -H "Authorization:APIKey $GCORE_API_KEY" https://api.gcore.com/iam/clients/me"#,
        ),
        // Line 35, `run: "export GCORE_API_KEY=7702$…"`, is left: the shell reads a YAML string,
        // and which quoting keeps the `$` depends on both (`\$` is no escape in a YAML
        // double-quoted string), so no fix is offered there.
    ],
    unsafe_fixed: &[
        (
            ".github/workflows/smoke.yml",
            26,
            r#"          curl -fsS -H "Authorization: APIKey ${{ secrets.GCORE_API_KEY }}" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            ".github/workflows/smoke.yml",
            32,
            r#"          curl -fsS -H "Authorization: $GCORE_API_KEY" https://api.gcore.com/iam/clients/me"#,
        ),
    ],
    left: &[
        ".github/workflows/smoke.yml:12: error[hardcoded-token]",
        ".github/workflows/smoke.yml:13: error[hardcoded-token]",
        ".github/workflows/smoke.yml:21: note[jwt-bearer]",
        ".github/workflows/smoke.yml:26: error[scheme-bearer]",
        // Its `$` escaped, still a token written into the file (as in the shell tree).
        ".github/workflows/smoke.yml:29: error[hardcoded-token]",
        ".github/workflows/smoke.yml:29: warning[token-legacy-separator]",
        ".github/workflows/smoke.yml:30: error[hardcoded-token]",
        ".github/workflows/smoke.yml:32: error[header-name-wrong]",
        ".github/workflows/smoke.yml:32: error[scheme-missing]",
        ".github/workflows/smoke.yml:35: error[hardcoded-token]",
        ".github/workflows/smoke.yml:35: error[shell-expansion]",
    ],
    left_unsafe: &[
        ".github/workflows/smoke.yml:12: error[hardcoded-token]",
        ".github/workflows/smoke.yml:13: error[hardcoded-token]",
        ".github/workflows/smoke.yml:21: note[jwt-bearer]",
        ".github/workflows/smoke.yml:29: error[hardcoded-token]",
        ".github/workflows/smoke.yml:29: warning[token-legacy-separator]",
        ".github/workflows/smoke.yml:30: error[hardcoded-token]",
        ".github/workflows/smoke.yml:32: error[scheme-missing]",
        ".github/workflows/smoke.yml:35: error[hardcoded-token]",
        ".github/workflows/smoke.yml:35: error[shell-expansion]",
    ],
};

/// docker-compose and Kubernetes YAML.
const COMPOSE: Tree = Tree {
    name: "compose",
    fixed: &[
        (
            "deployment.yaml",
            15,
            r#"              value: "29841_@T30@""#,
        ),
        (
            "deployment.yaml",
            19,
            r#"              value: '51207_@T33@'"#,
        ),
        ("deployment.yaml", 29, r#"  GCORE_API_KEY: "29841_@T35@""#),
        (
            "docker-compose.yml",
            6,
            r#"      GCORE_API_KEY: "29841_@T26@""#,
        ),
        (
            "docker-compose.yml",
            9,
            r#"      test: ["CMD", "curl", "-fsS", "-H", "Authorization: APIKey 29841_@T27@", "https://api.gcore.com/iam/clients/me"]"#,
        ),
        (
            "docker-compose.yml",
            13,
            r#"    command: ["curl", "-fsS", "-H", "Authorization: APIKey ${GCORE_API_KEY}", "https://api.gcore.com/iam/clients/me"]"#,
        ),
        (
            "docker-compose.yml",
            15,
            r#"      test: ["CMD", "curl", "-H", "Authorization: APIKey ${GCORE_API_KEY}", "https://api.gcore.com/iam/clients/me"]"#,
        ),
        (
            "docker-compose.yml",
            35,
            r#"      - GCORE_API_KEY=51207_@T28@"#,
        ),
        (
            "docker-compose.yml",
            36,
            r#"      - GCORE_TOKEN=3366_@T29@"#,
        ),
    ],
    unsafe_fixed: &[
        (
            "docker-compose.yml",
            18,
            r#"    command: ["curl", "-fsS", "-H", "Authorization: APIKey ${GCORE_API_KEY}", "https://api.gcore.com/iam/clients/me"]"#,
        ),
        (
            "docker-compose.yml",
            20,
            r#"      test: ["CMD", "curl", "-H", "Authorization: ${GCORE_API_KEY}", "https://api.gcore.com/iam/clients/me"]"#,
        ),
    ],
    left: &[
        "deployment.yaml:15: error[hardcoded-token]",
        "deployment.yaml:19: error[hardcoded-token]",
        "deployment.yaml:28: error[hardcoded-token]",
        "deployment.yaml:29: error[hardcoded-token]",
        "docker-compose.yml:6: error[hardcoded-token]",
        "docker-compose.yml:9: error[hardcoded-token]",
        "docker-compose.yml:18: error[scheme-bearer]",
        "docker-compose.yml:20: error[header-name-wrong]",
        "docker-compose.yml:20: error[scheme-missing]",
        "docker-compose.yml:35: error[hardcoded-token]",
        "docker-compose.yml:36: error[hardcoded-token]",
    ],
    left_unsafe: &[
        "deployment.yaml:15: error[hardcoded-token]",
        "deployment.yaml:19: error[hardcoded-token]",
        "deployment.yaml:28: error[hardcoded-token]",
        "deployment.yaml:29: error[hardcoded-token]",
        "docker-compose.yml:6: error[hardcoded-token]",
        "docker-compose.yml:9: error[hardcoded-token]",
        "docker-compose.yml:20: error[scheme-missing]",
        "docker-compose.yml:35: error[hardcoded-token]",
        "docker-compose.yml:36: error[hardcoded-token]",
    ],
};

/// An HTTPie session and an application's settings.
const JSON: Tree = Tree {
    name: "json",
    fixed: &[
        (
            "httpie-session.json",
            10,
            r#"    "Authorization": "APIKey 29841_@T37@","#,
        ),
        (
            "settings.json",
            5,
            r#"      "Authorization": "APIKey 3366_@T39@","#,
        ),
        ("settings.json", 8, r#"    "GCORE_API_KEY": "29841_@T40@","#),
        (
            "settings.json",
            9,
            r#"    "GCORE_PERMANENT_TOKEN": "51207_@T36@","#,
        ),
        (
            "settings.json",
            10,
            r#"    "retry": { "Authorization": "Bearer {{GCORE_API_KEY}}" },"#,
        ),
        (
            "settings.json",
            11,
            r#"    "bare": { "Authorization": "APIKey 51207_@T38@" },"#,
        ),
        (
            "settings.json",
            12,
            r#"    "tab": { "Authorization": "APIKey {{GCORE_API_KEY}}" },"#,
        ),
        (
            "settings.json",
            13,
            r#"    "typo": { "Authorization": "APIKey {{GCORE_API_KEY}}" },"#,
        ),
    ],
    unsafe_fixed: &[
        (
            "settings.json",
            10,
            r#"    "retry": { "Authorization": "APIKey {{GCORE_API_KEY}}" },"#,
        ),
        (
            "settings.json",
            17,
            r#"    "legacy": { "Authorization": "{{GCORE_API_KEY}}" }"#,
        ),
    ],
    left: &[
        "httpie-session.json:10: error[hardcoded-token]",
        "settings.json:5: error[hardcoded-token]",
        "settings.json:8: error[hardcoded-token]",
        "settings.json:9: error[hardcoded-token]",
        "settings.json:10: error[scheme-bearer]",
        "settings.json:11: error[hardcoded-token]",
        "settings.json:16: note[token-placeholder]",
        "settings.json:17: error[header-name-wrong]",
        "settings.json:17: error[scheme-missing]",
    ],
    left_unsafe: &[
        "httpie-session.json:10: error[hardcoded-token]",
        "settings.json:5: error[hardcoded-token]",
        "settings.json:8: error[hardcoded-token]",
        "settings.json:9: error[hardcoded-token]",
        "settings.json:11: error[hardcoded-token]",
        "settings.json:16: note[token-placeholder]",
        "settings.json:17: error[scheme-missing]",
    ],
};

const TOML: Tree = Tree {
    name: "toml",
    fixed: &[
        ("gcore.toml", 4, r#"api_key = "29841_@T41@""#),
        ("gcore.toml", 5, r#"GCORE_API_KEY = '29841_@T42@'"#),
        ("gcore.toml", 8, r#"Authorization = "APIKey 29841_@T43@""#),
        (
            "gcore.toml",
            12,
            r#"Authorization = "APIKey ${GCORE_API_KEY}""#,
        ),
        (
            "gcore.toml",
            24,
            r#"Authorization = "APIKey ${GCORE_API_KEY}""#,
        ),
        (
            "gcore.toml",
            27,
            r#"authorization = "Bearer ${GCORE_ACCESS_TOKEN}""#,
        ),
    ],
    unsafe_fixed: &[
        (
            "gcore.toml",
            30,
            r#"Authorization = "APIKey ${GCORE_API_KEY}""#,
        ),
        // Line 35 is `"X-API-Key"` in a table that has `Authorization` already: renaming it
        // writes that key twice, and the file no longer parses: not renamed.
    ],
    left: &[
        "gcore.toml:4: error[hardcoded-token]",
        "gcore.toml:5: error[hardcoded-token]",
        "gcore.toml:8: error[hardcoded-token]",
        "gcore.toml:21: note[token-placeholder]",
        "gcore.toml:30: error[scheme-bearer]",
        "gcore.toml:35: error[header-name-wrong]",
        "gcore.toml:35: error[scheme-missing]",
    ],
    left_unsafe: &[
        "gcore.toml:4: error[hardcoded-token]",
        "gcore.toml:5: error[hardcoded-token]",
        "gcore.toml:8: error[hardcoded-token]",
        "gcore.toml:21: note[token-placeholder]",
        "gcore.toml:35: error[header-name-wrong]",
        "gcore.toml:35: error[scheme-missing]",
    ],
};

const ENV: Tree = Tree {
    name: "env",
    fixed: &[
        (".env", 3, r#"GCORE_API_KEY="29841_@T44@""#),
        (".env", 4, r#"GCORE_TOKEN="51207_@T45@""#),
        (".env", 6, r#"GCORE_APIKEY="3366_@T47@""#),
        (".env", 13, r#"GCORE_USER_TOKEN="7702_@T25@""#),
    ],
    unsafe_fixed: &[],
    left: &[
        ".env:3: error[hardcoded-token]",
        ".env:4: error[hardcoded-token]",
        ".env:5: error[token-includes-scheme]",
        ".env:5: error[hardcoded-token]",
        ".env:6: error[hardcoded-token]",
        ".env:8: error[token-placeholder]",
        ".env:12: error[token-includes-scheme]",
        ".env:12: error[hardcoded-token]",
        ".env:13: error[hardcoded-token]",
        ".env.example:1: note[token-placeholder]",
        ".env.example:2: error[token-includes-scheme]",
    ],
    left_unsafe: &[
        ".env:3: error[hardcoded-token]",
        ".env:4: error[hardcoded-token]",
        ".env:5: error[token-includes-scheme]",
        ".env:5: error[hardcoded-token]",
        ".env:6: error[hardcoded-token]",
        ".env:8: error[token-placeholder]",
        ".env:12: error[token-includes-scheme]",
        ".env:12: error[hardcoded-token]",
        ".env:13: error[hardcoded-token]",
        ".env.example:1: note[token-placeholder]",
        ".env.example:2: error[token-includes-scheme]",
    ],
};

/// Markdown with fenced shell and Python blocks.
const MARKDOWN: Tree = Tree {
    name: "markdown",
    fixed: &[
        (
            "README.md",
            9,
            r#"curl -fsS -H "Authorization: APIKey 29841_@T1@" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            "README.md",
            10,
            r#"curl -fsS -H "Authorization: APIKey $GCORE_API_KEY" https://api.gcore.com/cdn/resources"#,
        ),
        (
            "README.md",
            11,
            r#"curl -fsS -H "Authorization: APIKey 29841\$@T2@" https://api.gcore.com/cdn/resources"#,
        ),
        (
            "README.md",
            31,
            r#"requests.get("https://api.gcore.com/iam/clients/me", headers={"Authorization": "APIKey 3366_@T3@"})"#,
        ),
        (
            "README.md",
            32,
            r#"requests.get("https://api.gcore.com/iam/clients/me", headers={"Authorization": "APIKey " + key})"#,
        ),
    ],
    unsafe_fixed: &[
        (
            "README.md",
            12,
            r#"curl -fsS -H "Authorization: APIKey $GCORE_API_KEY" https://api.gcore.com/cdn/resources"#,
        ),
        (
            "README.md",
            33,
            r#"requests.get("https://api.gcore.com/iam/clients/me", headers={"Authorization": key})"#,
        ),
    ],
    left: &[
        "README.md:3: note[token-placeholder]",
        "README.md:9: error[hardcoded-token]",
        // Its `$` escaped, still a token written into the file (as in the shell tree).
        "README.md:11: error[hardcoded-token]",
        "README.md:11: warning[token-legacy-separator]",
        "README.md:12: error[scheme-bearer]",
        "README.md:18: note[jwt-bearer]",
        "README.md:31: error[hardcoded-token]",
        "README.md:33: error[header-name-wrong]",
        "README.md:33: error[scheme-missing]",
    ],
    left_unsafe: &[
        "README.md:3: note[token-placeholder]",
        "README.md:9: error[hardcoded-token]",
        "README.md:11: error[hardcoded-token]",
        "README.md:11: warning[token-legacy-separator]",
        "README.md:18: note[jwt-bearer]",
        "README.md:31: error[hardcoded-token]",
        "README.md:33: error[scheme-missing]",
    ],
};

/// A REST client's `.http` files: no token in them, so nothing is left at the failing level
/// once the maybe-incorrect fix is applied too.
const HTTP: Tree = Tree {
    name: "http",
    fixed: &[
        (
            "gcore.http",
            17,
            r#"Authorization: APIKey {{GCORE_API_KEY}}"#,
        ),
        (
            "gcore.http",
            21,
            r#"Authorization: APIKey {{GCORE_API_KEY}}"#,
        ),
        (
            "gcore.http",
            25,
            r#"Authorization: APIKey {{GCORE_API_KEY}}"#,
        ),
        (
            "gcore.http",
            29,
            r#"Authorization: APIKey {{GCORE_API_KEY}}"#,
        ),
        (
            "gcore.http",
            33,
            r#"Authorization: APIKey {{GCORE_API_KEY}}"#,
        ),
        ("gcore.http", 37, r#"Authorization: Bearer {{accessToken}}"#),
        (
            "gcore.http",
            41,
            r#"Authorization: APIKey {{GCORE_API_KEY}}"#,
        ),
        // The repeated name (as in the shell tree).
        (
            "gcore.http",
            45,
            r#"Authorization: APIKey {{GCORE_API_KEY}}"#,
        ),
    ],
    unsafe_fixed: &[(
        "gcore.http",
        49,
        r#"Authorization: APIKey {{GCORE_API_KEY}}"#,
    )],
    left: &[
        "gcore.http:13: note[jwt-bearer]",
        "gcore.http:49: error[scheme-bearer]",
    ],
    left_unsafe: &["gcore.http:13: note[jwt-bearer]"],
};

const DOCKERFILE: Tree = Tree {
    name: "dockerfile",
    fixed: &[
        ("Dockerfile", 9, r#"ENV GCORE_TOKEN="29841_@T7@""#),
        (
            "Dockerfile",
            10,
            r#"RUN curl -fsS -H "Authorization: APIKey 29841_@T8@" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            "Dockerfile",
            11,
            r#"RUN curl -fsS -H "Authorization: APIKey 29841\$@T9@" https://api.gcore.com/iam/clients/me"#,
        ),
        (
            "Dockerfile",
            12,
            r#"RUN export GCORE_PERMANENT_TOKEN='51207$@T10@' && ./smoke"#,
        ),
        (
            "Dockerfile",
            14,
            r#"    -H "Authorization: APIKey ${GCORE_API_KEY}" \"#,
        ),
        (
            "Dockerfile",
            16,
            r#"RUN curl -fsS -H "Authorization: APIKey $GCORE_API_KEY" https://api.gcore.com/cdn/resources"#,
        ),
    ],
    unsafe_fixed: &[(
        "Dockerfile",
        18,
        r#"RUN curl -fsS -H "Authorization: $GCORE_API_KEY" https://api.gcore.com/cdn/resources"#,
    )],
    left: &[
        "Dockerfile:7: note[jwt-bearer]",
        "Dockerfile:9: error[hardcoded-token]",
        "Dockerfile:10: error[hardcoded-token]",
        // Its `$` escaped, still a token written into the file (as in the shell tree).
        "Dockerfile:11: error[hardcoded-token]",
        "Dockerfile:11: warning[token-legacy-separator]",
        "Dockerfile:12: error[hardcoded-token]",
        "Dockerfile:12: warning[token-legacy-separator]",
        "Dockerfile:18: error[header-name-wrong]",
        "Dockerfile:18: error[scheme-missing]",
    ],
    left_unsafe: &[
        "Dockerfile:7: note[jwt-bearer]",
        "Dockerfile:9: error[hardcoded-token]",
        "Dockerfile:10: error[hardcoded-token]",
        "Dockerfile:11: error[hardcoded-token]",
        "Dockerfile:11: warning[token-legacy-separator]",
        "Dockerfile:12: error[hardcoded-token]",
        "Dockerfile:12: warning[token-legacy-separator]",
        "Dockerfile:18: error[scheme-missing]",
    ],
};

macro_rules! fix_tests {
    ($($tree:ident: $safe:ident, $risky:ident;)*) => {
        $(
            #[test]
            fn $safe() {
                check(&$tree, false);
            }

            #[test]
            fn $risky() {
                check(&$tree, true);
            }
        )*
    };
}

fix_tests! {
    SHELL: shell, shell_unsafe;
    PYTHON: python, python_unsafe;
    JS: js, js_unsafe;
    GO: go, go_unsafe;
    CI: github_workflow, github_workflow_unsafe;
    COMPOSE: compose_and_kubernetes, compose_and_kubernetes_unsafe;
    JSON: json, json_unsafe;
    TOML: toml, toml_unsafe;
    ENV: dotenv, dotenv_unsafe;
    MARKDOWN: markdown, markdown_unsafe;
    HTTP: http, http_unsafe;
    DOCKERFILE: dockerfile, dockerfile_unsafe;
}

/// Fixes a copy of `tree` (with `--unsafe-fixes` when `risky`) and checks everything the
/// module's documentation lists; every problem found is reported, not only the first.
fn check(tree: &Tree, risky: bool) {
    let src = fixtures().join(tree.name);
    let original = read_tree(&src);
    let broken = syntax_problems(&src);
    assert!(
        broken.is_empty(),
        "the fixture tree {} itself does not parse:\n{}",
        tree.name,
        broken.join("\n")
    );
    let mode: &[&str] = if risky {
        &["--fix", "--unsafe-fixes"]
    } else {
        &["--fix"]
    };
    let left = if risky { tree.left_unsafe } else { tree.left };
    let want = expected_tree(tree, &original, risky);
    let mut problems = Vec::new();

    let work = copy_tree(&src);
    let dir = work.path();
    let fix = lint(dir, mode);
    let fixed = read_tree(dir);
    compare_trees(&want, &fixed, ("want", "got "), &mut problems);
    if modes(dir) != modes(&src) {
        problems.push(format!(
            "{} changed permissions: {:?}, not {:?}",
            mode.join(" "),
            modes(dir),
            modes(&src)
        ));
    }

    // What is left, and the exit statuses that follow from it.
    let report = lint(dir, &["--format", "json", "--min-severity", "note"]);
    let got_left = left_of(&report.out);
    let mut want_left: Vec<String> = left.iter().map(|s| s.to_string()).collect();
    want_left.sort();
    if got_left != want_left {
        problems.push(format!(
            "what is left after {} differs:\n  missing: {:?}\n  unexpected: {:?}",
            mode.join(" "),
            minus(&want_left, &got_left),
            minus(&got_left, &want_left)
        ));
    }
    let has = |severity: &str| left.iter().any(|l| l.contains(&format!(": {severity}[")));
    let errors = has("error");
    let warnings = errors || has("warning");
    let status = |b: bool| Some(i32::from(b));
    let statuses = [
        (mode.join(" "), fix.code, status(errors)),
        ("scan".to_owned(), lint(dir, &[]).code, status(errors)),
        (
            "scan --min-severity warning".to_owned(),
            lint(dir, &["--min-severity", "warning"]).code,
            status(warnings),
        ),
        (
            "scan --min-severity note".to_owned(),
            report.code,
            status(!left.is_empty()),
        ),
    ];
    for (what, got, want) in statuses {
        if got != want {
            problems.push(format!(
                "after {}, `{what}` exits {got:?}, not {want:?}",
                mode.join(" ")
            ));
        }
    }

    let broken = syntax_problems(dir);
    if !broken.is_empty() {
        problems.push(format!(
            "after {} the files no longer parse:\n  {}",
            mode.join(" "),
            broken.join("\n  ")
        ));
    }

    // Fixing again changes nothing.
    let again = lint(dir, mode);
    let refixed = read_tree(dir);
    if refixed != fixed {
        let mut changed = Vec::new();
        compare_trees(&fixed, &refixed, ("first ", "second"), &mut changed);
        problems.push(format!(
            "a second {} changes the files again:\n{}",
            mode.join(" "),
            changed.join("\n")
        ));
    }

    // `--diff` on a fresh copy: what `--fix` would change, and nothing changed.
    let fresh = copy_tree(&src);
    let diff_mode: &[&str] = if risky {
        &["--diff", "--unsafe-fixes"]
    } else {
        &["--diff"]
    };
    let diff = lint(fresh.path(), diff_mode);
    let changes = want != original;
    if diff.code != status(changes) {
        problems.push(format!(
            "`{}` exits {:?}, not {:?}",
            diff_mode.join(" "),
            diff.code,
            status(changes)
        ));
    }
    if read_tree(fresh.path()) != original {
        problems.push(format!("`{}` changed files", diff_mode.join(" ")));
    }
    let named: BTreeSet<&str> = diff
        .out
        .lines()
        .filter_map(|l| l.strip_prefix("+++ b/"))
        .collect();
    let rewritten: BTreeSet<&str> = want
        .iter()
        .filter(|(f, c)| original.get(*f) != Some(c))
        .map(|(f, _)| f.as_str())
        .collect();
    if named != rewritten {
        problems.push(format!(
            "`{}` names the files {named:?}, and `--fix` should rewrite {rewritten:?}",
            diff_mode.join(" ")
        ));
    }

    let outputs = [
        ("--fix", fix),
        ("scan --format json", report),
        ("the second --fix", again),
        ("--diff", diff),
    ];
    for (what, run) in &outputs {
        for leak in leaks(&run.out).into_iter().chain(leaks(&run.err)) {
            problems.push(format!("the output of {what} shows {leak}"));
        }
    }

    assert!(
        problems.is_empty(),
        "{} ({}):\n{}",
        tree.name,
        mode.join(" "),
        problems.join("\n")
    );
}

/// The checks themselves find what they look for: a secret shown past its first 4
/// characters, and each kind of broken file.
#[test]
fn the_checks_catch_what_they_look_for() {
    let t1 = TOKENS[0];
    assert!(leaks(&format!("29841_{}…", &t1[..4])).is_empty());
    let inside = &t1[60..66];
    assert_eq!(
        leaks(&format!("x{inside}x")),
        [format!("`{inside}` of the secret T1")]
    );
    let tail = &JWT[JWT.len() - 6..];
    assert_eq!(leaks(tail), [format!("`{tail}` of the secret JWT")]);
    assert_eq!(
        expand("a @T1@ @JWTX@ @x@ @T99@"),
        format!("a {t1} {JWT_EXPIRED} @x@ @T99@")
    );

    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("a.sh", "echo \"unclosed\n"),
        ("b.py", "h = {\"Authorization\": 1, \"Authorization\": 2}\n"),
        ("c.yaml", "a: 1\nb: \"\\$x\"\n"),
        ("d.yml", "h:\n  k: 1\n  k: 2\n"),
        ("e.json", "{\"k\": 1, \"k\": 2}\n"),
        ("f.toml", "k = 1\nk = 2\n"),
        (
            "g.md",
            "```sh\nif true; then\n```\n\n```python\ndef f(:\n```\n",
        ),
        ("Dockerfile", "FROM x\nRUN echo 'a \\\n  b\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let found = syntax_problems(dir.path());
    for (name, _) in files {
        assert!(
            found.iter().any(|p| p.starts_with(name)),
            "{name} is not found broken: {found:#?}"
        );
    }
    assert_eq!(
        found.iter().filter(|p| p.starts_with("g.md")).count(),
        2,
        "{found:#?}"
    );
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fix")
}

/// `s` with `@T<n>@`, `@JWT@` and `@JWTX@` replaced by what they stand for.
fn expand(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 256);
    let mut rest = s;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let word = tail.find('@').map(|end| &tail[..end]);
        let secret = match word {
            Some("JWT") => Some(JWT),
            Some("JWTX") => Some(JWT_EXPIRED),
            Some(w) => w
                .strip_prefix('T')
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| TOKENS.get(n.wrapping_sub(1)).copied()),
            None => None,
        };
        match (secret, word) {
            (Some(secret), Some(word)) => {
                out.push_str(secret);
                rest = &tail[word.len() + 1..];
            }
            _ => {
                out.push('@');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The files of `dir`, by path relative to it (`/`-separated).
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_str().unwrap().to_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// The permission bits of the files of `dir`.
fn modes(dir: &Path) -> BTreeMap<String, u32> {
    use std::os::unix::fs::PermissionsExt;
    read_tree(dir)
        .into_keys()
        .map(|rel| {
            let mode = std::fs::metadata(dir.join(&rel))
                .unwrap()
                .permissions()
                .mode();
            (rel, mode & 0o7777)
        })
        .collect()
}

/// A copy of the tree at `src` in a new temporary folder (permissions kept).
fn copy_tree(src: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for rel in read_tree(src).keys() {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(src.join(rel), &to).unwrap();
    }
    dir
}

/// The files as `--fix` should leave them: the originals with the tree's lines rewritten.
fn expected_tree(
    tree: &Tree,
    original: &BTreeMap<String, Vec<u8>>,
    risky: bool,
) -> BTreeMap<String, Vec<u8>> {
    let mut lines: BTreeMap<&str, Vec<String>> = original
        .iter()
        .map(|(f, c)| {
            let text = String::from_utf8(c.clone()).unwrap();
            (f.as_str(), text.split('\n').map(str::to_owned).collect())
        })
        .collect();
    let extra: &[Line] = if risky { tree.unsafe_fixed } else { &[] };
    for &(file, n, text) in tree.fixed.iter().chain(extra) {
        let Some(file_lines) = lines.get_mut(file) else {
            panic!("{}: no file {file}", tree.name);
        };
        assert!(
            n >= 1 && n <= file_lines.len(),
            "{}: {file} has no line {n}",
            tree.name
        );
        file_lines[n - 1] = expand(text);
    }
    lines
        .into_iter()
        .map(|(f, l)| (f.to_owned(), l.join("\n").into_bytes()))
        .collect()
}

/// Adds a problem for each file of `want` that `got` holds otherwise, line by line, each
/// line shown under its label.
fn compare_trees(
    want: &BTreeMap<String, Vec<u8>>,
    got: &BTreeMap<String, Vec<u8>>,
    (want_label, got_label): (&str, &str),
    problems: &mut Vec<String>,
) {
    let wanted: BTreeSet<&String> = want.keys().collect();
    let found: BTreeSet<&String> = got.keys().collect();
    if wanted != found {
        problems.push(format!("the files are {found:?}, not {wanted:?}"));
    }
    for (file, w) in want {
        let Some(g) = got.get(file) else { continue };
        if w == g {
            continue;
        }
        let w = String::from_utf8_lossy(w);
        let g = String::from_utf8_lossy(g);
        let (wl, gl): (Vec<&str>, Vec<&str>) = (w.split('\n').collect(), g.split('\n').collect());
        if wl.len() != gl.len() {
            problems.push(format!("{file} has {} lines, not {}", gl.len(), wl.len()));
        }
        for (i, (a, b)) in wl.iter().zip(&gl).enumerate() {
            if a != b {
                problems.push(format!(
                    "{file}:{}:\n  {want_label} {a:?}\n  {got_label} {b:?}",
                    i + 1
                ));
            }
        }
    }
}

/// The findings of a JSON report as sorted `file:line: severity[code]` rows.
fn left_of(json: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let mut rows: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            format!(
                "{}:{}: {}[{}]",
                path.strip_prefix("./").unwrap_or(path),
                f["line"],
                f["severity"].as_str().unwrap(),
                f["code"].as_str().unwrap()
            )
        })
        .collect();
    rows.sort();
    rows
}

fn minus(a: &[String], b: &[String]) -> Vec<String> {
    let mut b = b.to_vec();
    let mut out = Vec::new();
    for x in a {
        match b.iter().position(|y| y == x) {
            Some(i) => {
                b.remove(i);
            }
            None => out.push(x.clone()),
        }
    }
    out
}

/// What a run of the binary left.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    out: String,
    err: String,
}

/// `gcore-auth-lint scan --no-progress ARGS .` in `dir`.
fn lint(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_gcore-auth-lint"))
        .env_clear()
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .arg("scan")
        .arg("--no-progress")
        .args(args)
        .arg(".")
        .output()
        .unwrap();
    Run {
        code: output.status.code(),
        out: String::from_utf8_lossy(&output.stdout).into_owned(),
        err: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Each secret of which `text` shows more than the first 4 characters: 6 in a row anywhere
/// in it.
fn leaks(text: &str) -> Vec<String> {
    const RUN: usize = 6;
    let shown: HashSet<&[u8]> = text.as_bytes().windows(RUN).collect();
    let secrets = TOKENS
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("T{}", i + 1), *s))
        .chain([("JWT".to_owned(), JWT), ("JWTX".to_owned(), JWT_EXPIRED)]);
    secrets
        .filter_map(|(name, s)| {
            let at = s.as_bytes().windows(RUN).position(|w| shown.contains(w))?;
            Some(format!("`{}` of the secret {name}", &s[at..at + RUN]))
        })
        .collect()
}

// ---- do the files still parse? ------------------------------------------------------------

/// What is wrong with the syntax of the files under `dir`, one line each: shell scripts with
/// `bash -n`; Python, YAML, JSON and TOML with python3 (a key written twice in one mapping,
/// object, table or dict literal counts); JavaScript with `node --check` and Go with `gofmt`
/// where installed; the fenced shell and Python blocks of Markdown and the `RUN` commands of
/// a Dockerfile as shell and Python.
fn syntax_problems(dir: &Path) -> Vec<String> {
    let scratch = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    let mut python: Vec<(&str, PathBuf, String)> = Vec::new();
    let mut shell: Vec<(PathBuf, String)> = Vec::new();
    for (rel, content) in read_tree(dir) {
        let path = dir.join(&rel);
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "sh" => shell.push((path, rel.clone())),
            "py" => python.push(("python", path, rel.clone())),
            "yml" | "yaml" => python.push(("yaml", path, rel.clone())),
            "json" => python.push(("json", path, rel.clone())),
            "toml" => python.push(("toml", path, rel.clone())),
            "mjs" | "js" | "cjs" => {
                if let Some(p) = node_check(&path, &rel) {
                    problems.push(p);
                }
            }
            "go" => problems.extend(gofmt_check(&path, &rel)),
            "md" => {
                let text = String::from_utf8_lossy(&content);
                for (k, (lang, first, block)) in fenced_blocks(&text).into_iter().enumerate() {
                    let shown = format!("{rel}: the {lang} block at line {first}");
                    let file = scratch.path().join(format!("block{k}"));
                    std::fs::write(&file, block).unwrap();
                    match lang.as_str() {
                        "sh" | "bash" | "shell" => shell.push((file, shown)),
                        "python" | "py" => python.push(("python", file, shown)),
                        _ => {}
                    }
                }
            }
            _ if name == "Dockerfile" => {
                let file = scratch.path().join("dockerfile-run.sh");
                std::fs::write(&file, dockerfile_runs(&String::from_utf8_lossy(&content))).unwrap();
                shell.push((file, format!("{rel}: its RUN commands")));
            }
            // `.env`, `.http` and TypeScript: nothing here reads them.
            _ => {}
        }
    }
    for (path, shown) in shell {
        let out = Command::new("bash")
            .arg("-n")
            .arg(&path)
            .output()
            .expect("bash is needed to check the shell files");
        if !out.status.success() {
            problems.push(format!(
                "{shown}: bash -n: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    problems.extend(python_check(&python, scratch.path()));
    problems
}

/// The fenced blocks of a Markdown text: (info word, line of the first line, content).
fn fenced_blocks(text: &str) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(&str, String, usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        match &mut open {
            Some((fence, _, _, body)) => {
                if t.starts_with(*fence) && t.trim_end() == *fence {
                    let (_, lang, first, body) = open.take().unwrap();
                    out.push((lang, first, body));
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
            None => {
                for fence in ["```", "~~~"] {
                    if let Some(info) = t.strip_prefix(fence) {
                        let lang = info.split_whitespace().next().unwrap_or("").to_lowercase();
                        open = Some((fence, lang, i + 2, String::new()));
                        break;
                    }
                }
            }
        }
    }
    out
}

/// The `RUN` commands of a Dockerfile (shell form, continuation lines and all), one after
/// another as a script.
fn dockerfile_runs(text: &str) -> String {
    let mut out = String::new();
    let mut continued = false;
    for line in text.lines() {
        let command = if continued {
            Some(line)
        } else {
            line.strip_prefix("RUN ")
        };
        if let Some(command) = command {
            out.push_str(command);
            out.push('\n');
            continued = command.trim_end().ends_with('\\');
        }
    }
    out
}

/// The python3 program that checks the files named in its arguments (`kind path shown`
/// triples) and prints one line per problem. It exits 3 with `missing: <module>` when a
/// module it needs is not installed.
const PYTHON_CHECK: &str = r#"
import ast, json, os, py_compile, sys

args = sys.argv[2:]
jobs = [args[i:i + 3] for i in range(0, len(args), 3)]
kinds = {kind for kind, _, _ in jobs}
try:
    if "yaml" in kinds:
        import yaml
    if "toml" in kinds:
        import tomllib
except ImportError as e:
    print("missing:", e.name)
    sys.exit(3)


def unique(pairs):
    seen = set()
    for k, _ in pairs:
        if k in seen:
            raise ValueError(f"key {k!r} written twice")
        seen.add(k)
    return dict(pairs)


if "yaml" in kinds:
    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node):
        seen = set()
        for k, _ in node.value:
            key = loader.construct_object(k, deep=True)
            if key == "<<":
                continue
            try:
                if key in seen:
                    raise yaml.YAMLError(f"key {key!r} written twice ({k.start_mark})")
                seen.add(key)
            except TypeError:
                pass
        return loader.construct_mapping(node, deep=True)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)

for kind, path, shown in jobs:
    try:
        if kind == "yaml":
            with open(path, encoding="utf-8") as f:
                list(yaml.load_all(f, Loader=Strict))
        elif kind == "json":
            with open(path, encoding="utf-8") as f:
                json.load(f, object_pairs_hook=unique)
        elif kind == "toml":
            with open(path, "rb") as f:
                tomllib.load(f)
        elif kind == "python":
            py_compile.compile(path, cfile=os.path.join(sys.argv[1], "x.pyc"), doraise=True)
            with open(path, encoding="utf-8") as f:
                tree = ast.parse(f.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Dict):
                    keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                    twice = {k for k in keys if keys.count(k) > 1}
                    if twice:
                        raise ValueError(f"line {node.lineno}: dict key {sorted(twice)} written twice")
    except Exception as e:
        print(f"{shown}: {type(e).__name__}: {e}".replace("\n", " "))
"#;

fn python_check(jobs: &[(&str, PathBuf, String)], scratch: &Path) -> Vec<String> {
    if jobs.is_empty() {
        return Vec::new();
    }
    let mut cmd = Command::new("python3");
    cmd.arg("-c").arg(PYTHON_CHECK).arg(scratch);
    for (kind, path, shown) in jobs {
        cmd.arg(kind).arg(path).arg(shown);
    }
    let out: Output = cmd
        .output()
        .expect("python3 is needed to check that the fixed files still parse");
    let stdout = String::from_utf8_lossy(&out.stdout);
    if let Some(module) = stdout.trim().strip_prefix("missing: ") {
        match module {
            "yaml" => panic!(
                "PyYAML is needed to check that the fixed YAML files still parse: \
                 pip install pyyaml"
            ),
            "tomllib" => panic!(
                "Python 3.11 or newer (tomllib) is needed to check that the fixed TOML files \
                 still parse"
            ),
            m => panic!("the Python module {m} is needed to check the fixed files"),
        }
    }
    assert!(
        out.status.success(),
        "the python3 check failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout.lines().map(str::to_owned).collect()
}

/// Whether `tool --version` runs; a missing tool is said once per test binary.
fn installed(tool: &'static str, cell: &'static OnceLock<bool>) -> bool {
    *cell.get_or_init(|| {
        let ok = Command::new(tool)
            .arg(if tool == "gofmt" { "-h" } else { "--version" })
            .output()
            .is_ok();
        if !ok {
            eprintln!("note: {tool} is not installed: its files are not checked");
        }
        ok
    })
}

fn node_check(path: &Path, shown: &str) -> Option<String> {
    static NODE: OnceLock<bool> = OnceLock::new();
    if !installed("node", &NODE) {
        return None;
    }
    let out = Command::new("node")
        .arg("--check")
        .arg(path)
        .output()
        .unwrap();
    (!out.status.success()).then(|| {
        format!(
            "{shown}: node --check: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )
    })
}

/// A Go file's syntax errors (`gofmt -e`), and whether gofmt would reformat it.
fn gofmt_check(path: &Path, shown: &str) -> Vec<String> {
    static GOFMT: OnceLock<bool> = OnceLock::new();
    if !installed("gofmt", &GOFMT) {
        return Vec::new();
    }
    let out = Command::new("gofmt")
        .arg("-e")
        .arg("-l")
        .arg(path)
        .output()
        .unwrap();
    if !out.status.success() {
        return vec![format!(
            "{shown}: gofmt: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )];
    }
    if out.stdout.is_empty() {
        Vec::new()
    } else {
        vec![format!("{shown}: gofmt would reformat it")]
    }
}
