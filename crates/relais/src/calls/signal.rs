//! The frames of a call's WebSocket. Client → server:
//! `{"type":"signal","to":PEER,"data":{…}}` (an SDP description or an ICE candidate, relayed
//! as is to one participant), `{"type":"state","audio":B,"video":B,"screen":B,"hand":B}`,
//! `{"type":"chat","text":…}` (relayed, never stored), `{"type":"ping"}`, `{"type":"leave"}` (one
//! leaves on purpose: not a drop); a teleconsultation's host also sends `{"type":"consent"}` and
//! `{"type":"admit","guest":ID}`.
//! Server → client: `welcome`, `joined`, `left`, `signal`, `state`, `chat`, `pong`, `error`; to a
//! guest not yet admitted `waiting`; to hosts `lobby` (who waits), `consented` and `locked`.

use serde::Deserialize;
use serde_json::{Value, json};

/// Longest in-call chat line, in characters.
pub const MAX_CHAT_CHARS: usize = 1000;

#[derive(Debug, PartialEq)]
pub enum ClientFrame {
    Signal { to: String, data: Value },
    State(PeerState),
    Chat(String),
    Ping,
    Leave,
    Consent,
    Admit { guest: String },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PeerState {
    pub audio: bool,
    pub video: bool,
    #[serde(default)]
    pub screen: bool,
    #[serde(default)]
    pub hand: bool,
    /// The camera could not be opened: the call went on with sound only.
    #[serde(default)]
    pub audio_only: bool,
}

/// Why a frame was refused: a stable code, also the message key.
pub type FrameError = &'static str;

pub fn parse(text: &str) -> Result<ClientFrame, FrameError> {
    let value: Value = serde_json::from_str(text).map_err(|_| "call-frame-not-json")?;
    match value["type"].as_str() {
        Some("ping") => Ok(ClientFrame::Ping),
        Some("leave") => Ok(ClientFrame::Leave),
        Some("consent") => Ok(ClientFrame::Consent),
        Some("admit") => {
            let guest = value["guest"].as_str().filter(|g| crate::web::ids::is_id(g));
            guest.map(|g| ClientFrame::Admit { guest: g.to_string() }).ok_or("call-frame-guest")
        }
        Some("signal") => {
            let to = value["to"].as_str().filter(|to| is_peer_id(to)).ok_or("call-frame-peer")?;
            let data = &value["data"];
            let description = data["description"]["type"]
                .as_str()
                .is_some_and(|kind| ["offer", "answer", "rollback"].contains(&kind));
            let candidate = data.get("candidate").is_some_and(|c| c.is_object() || c.is_null());
            if !data.is_object() || !(description || candidate) {
                return Err("call-frame-signal");
            }
            Ok(ClientFrame::Signal { to: to.to_string(), data: data.clone() })
        }
        Some("state") => {
            let mut fields = value;
            if let Some(object) = fields.as_object_mut() {
                object.remove("type");
            }
            serde_json::from_value(fields).map(ClientFrame::State).map_err(|_| "call-frame-state")
        }
        Some("chat") => {
            let text = value["text"].as_str().map(str::trim).unwrap_or_default();
            let clean = !text.chars().any(|c| c.is_control() && c != '\n');
            if text.is_empty() || text.chars().count() > MAX_CHAT_CHARS || !clean {
                return Err("call-frame-chat");
            }
            Ok(ClientFrame::Chat(text.to_string()))
        }
        _ => Err("call-frame-type"),
    }
}

/// Peer ids are the room's own random tokens: short, URL-safe.
fn is_peer_id(text: &str) -> bool {
    (1..=32).contains(&text.len())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A server frame as text.
pub fn frame(kind: &str, fields: Value) -> String {
    let mut value = json!({ "type": kind });
    if let (Some(object), Value::Object(fields)) = (value.as_object_mut(), fields) {
        object.extend(fields);
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_candidates_states_and_chat_are_accepted() {
        let offer =
            r#"{"type":"signal","to":"abc_1","data":{"description":{"type":"offer","sdp":"v=0"}}}"#;
        assert!(matches!(parse(offer), Ok(ClientFrame::Signal { .. })));
        let candidate = r#"{"type":"signal","to":"abc","data":{"candidate":{"candidate":"x"}}}"#;
        assert!(parse(candidate).is_ok());
        let state = r#"{"type":"state","audio":true,"video":false,"hand":true}"#;
        assert_eq!(
            parse(state),
            Ok(ClientFrame::State(PeerState {
                audio: true,
                video: false,
                screen: false,
                hand: true,
                audio_only: false,
            }))
        );
        assert_eq!(
            parse(r#"{"type":"chat","text":"  bonjour "}"#),
            Ok(ClientFrame::Chat("bonjour".into()))
        );
        assert_eq!(parse(r#"{"type":"ping"}"#), Ok(ClientFrame::Ping));
        assert_eq!(parse(r#"{"type":"leave"}"#), Ok(ClientFrame::Leave));
        assert_eq!(
            parse(r#"{"type":"admit","guest":"0190-ab"}"#),
            Ok(ClientFrame::Admit { guest: "0190-ab".into() })
        );
    }

    #[test]
    fn malformed_frames_are_refused_with_a_code() {
        for (text, code) in [
            ("not json", "call-frame-not-json"),
            (r#"{"type":"record"}"#, "call-frame-type"),
            (r#"{"type":"signal","to":"../x","data":{"candidate":null}}"#, "call-frame-peer"),
            (r#"{"type":"signal","to":"abc","data":"sdp"}"#, "call-frame-signal"),
            (
                r#"{"type":"signal","to":"abc","data":{"description":{"type":"pranswer!"}}}"#,
                "call-frame-signal",
            ),
            (r#"{"type":"state","audio":"yes","video":true}"#, "call-frame-state"),
            (r#"{"type":"admit","guest":"' OR 1=1"}"#, "call-frame-guest"),
            (r#"{"type":"admit"}"#, "call-frame-guest"),
            (r#"{"type":"state","audio":true,"video":true,"record":true}"#, "call-frame-state"),
            (r#"{"type":"chat","text":""}"#, "call-frame-chat"),
            (r#"{"type":"chat","text":"a\u0000b"}"#, "call-frame-chat"),
        ] {
            assert_eq!(parse(text), Err(code), "{text}");
        }
        let long = format!(r#"{{"type":"chat","text":"{}"}}"#, "é".repeat(MAX_CHAT_CHARS + 1));
        assert_eq!(parse(&long), Err("call-frame-chat"));
    }
}
