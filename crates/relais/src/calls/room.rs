//! Call rooms on this instance: who is in which room, and a queue to each participant. Signalling
//! only ever goes to a participant of the sender's own room.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

use tokio::sync::mpsc;

use super::MAX_PARTICIPANTS;

/// Frames waiting for one participant; a participant this far behind is not reading.
const QUEUE: usize = 256;

#[derive(Default)]
pub struct Rooms {
    rooms: Mutex<HashMap<String, Room>>,
    /// Guests waiting to be admitted, per room.
    lobbies: Mutex<HashMap<String, Vec<Waiting>>>,
}

/// A call in progress: who opened it (the organiser, who may keep its chat) and who is in it.
#[derive(Default)]
struct Room {
    organiser: String,
    participants: Vec<Participant>,
}

struct Participant {
    peer: String,
    name: String,
    /// Hosts (a teleconsultation's professional) see the waiting room and admit.
    host: bool,
    queue: mpsc::Sender<String>,
}

/// A guest in the waiting room, and the bell that lets them in.
struct Waiting {
    guest: String,
    name: String,
    role: String,
    admit: Arc<Notify>,
}

/// A place in a room: one's peer id, the others already there, and one's queue of frames.
pub struct Joined {
    pub peer: String,
    /// Whether one organises this call (opened it, or holds it as its host).
    pub organiser: bool,
    pub others: Vec<(String, String)>,
    pub frames: mpsc::Receiver<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Full,
    /// The addressee is not in the sender's room (gone, or never there).
    NoSuchPeer,
}

impl Rooms {
    /// Enters `room` as `name` (`who` names the person across reconnections), unless it already
    /// holds [`MAX_PARTICIPANTS`]. Whoever opens the room organises it; so does a host.
    pub fn join(&self, room: &str, name: &str, who: &str, host: bool) -> Result<Joined, Refusal> {
        let mut rooms = self.rooms.lock().map_err(|_| Refusal::Full)?;
        let entry = rooms.entry(room.to_string()).or_default();
        if entry.participants.len() >= MAX_PARTICIPANTS {
            return Err(Refusal::Full);
        }
        if entry.participants.is_empty() || host {
            entry.organiser = who.to_string();
        }
        let (queue, frames) = mpsc::channel(QUEUE);
        let peer = crate::secrets::random_token(9);
        let others = entry.participants.iter().map(|p| (p.peer.clone(), p.name.clone())).collect();
        let participant = Participant { peer: peer.clone(), name: name.to_string(), host, queue };
        entry.participants.push(participant);
        Ok(Joined { peer, organiser: entry.organiser == who, others, frames })
    }

    /// Leaves; the room goes when its last participant does.
    pub fn leave(&self, room: &str, peer: &str) {
        if let Ok(mut rooms) = self.rooms.lock()
            && let Some(entry) = rooms.get_mut(room)
        {
            entry.participants.retain(|p| p.peer != peer);
            if entry.participants.is_empty() {
                rooms.remove(room);
            }
        }
    }

    /// Sends `frame` to one participant of `room`.
    pub fn send_to(&self, room: &str, peer: &str, frame: String) -> Result<(), Refusal> {
        let rooms = self.rooms.lock().map_err(|_| Refusal::NoSuchPeer)?;
        let participant = rooms
            .get(room)
            .and_then(|entry| entry.participants.iter().find(|p| p.peer == peer))
            .ok_or(Refusal::NoSuchPeer)?;
        deliver(participant, frame);
        Ok(())
    }

    /// Sends `frame` to everyone in `room` but `from`.
    pub fn broadcast(&self, room: &str, from: &str, frame: &str) {
        if let Ok(rooms) = self.rooms.lock()
            && let Some(entry) = rooms.get(room)
        {
            for participant in entry.participants.iter().filter(|p| p.peer != from) {
                deliver(participant, frame.to_string());
            }
        }
    }

    /// Sends `frame` to the hosts in `room`.
    pub fn tell_hosts(&self, room: &str, frame: &str) {
        if let Ok(rooms) = self.rooms.lock()
            && let Some(entry) = rooms.get(room)
        {
            for participant in entry.participants.iter().filter(|p| p.host) {
                deliver(participant, frame.to_string());
            }
        }
    }

    /// Puts a guest in the waiting room of `room`; the bell rings when a host admits them.
    pub fn wait(&self, room: &str, guest: &str, name: &str, role: &str) -> Arc<Notify> {
        let admit = Arc::new(Notify::new());
        if let Ok(mut lobbies) = self.lobbies.lock() {
            let lobby = lobbies.entry(room.to_string()).or_default();
            lobby.retain(|w| w.guest != guest);
            let (guest, name, role) = (guest.to_string(), name.to_string(), role.to_string());
            lobby.push(Waiting { guest, name, role, admit: admit.clone() });
        }
        admit
    }

    /// Takes a guest out of the waiting room (admitted, or gone).
    pub fn stop_waiting(&self, room: &str, guest: &str) {
        if let Ok(mut lobbies) = self.lobbies.lock()
            && let Some(lobby) = lobbies.get_mut(room)
        {
            lobby.retain(|w| w.guest != guest);
            if lobby.is_empty() {
                lobbies.remove(room);
            }
        }
    }

    /// Rings a waiting guest's bell; false when they are not waiting.
    pub fn admit(&self, room: &str, guest: &str) -> bool {
        let Ok(lobbies) = self.lobbies.lock() else { return false };
        let Some(waiting) = lobbies.get(room).and_then(|l| l.iter().find(|w| w.guest == guest))
        else {
            return false;
        };
        waiting.admit.notify_one();
        true
    }

    /// Who waits in `room`: (guest id, name, role).
    pub fn waiting(&self, room: &str) -> Vec<(String, String, String)> {
        let Ok(lobbies) = self.lobbies.lock() else { return Vec::new() };
        lobbies.get(room).map_or_else(Vec::new, |lobby| {
            lobby.iter().map(|w| (w.guest.clone(), w.name.clone(), w.role.clone())).collect()
        })
    }

    /// Participants in `room` now.
    pub fn count(&self, room: &str) -> usize {
        let count =
            |rooms: &HashMap<String, Room>| rooms.get(room).map_or(0, |e| e.participants.len());
        self.rooms.lock().map(|rooms| count(&rooms)).unwrap_or(0)
    }

    /// Rooms with someone in them, on this instance.
    pub fn active(&self) -> usize {
        self.rooms.lock().map(|rooms| rooms.len()).unwrap_or(0)
    }
}

fn deliver(participant: &Participant, frame: String) {
    if participant.queue.try_send(frame).is_err() {
        tracing::warn!(peer = %participant.peer, "call participant not reading: frame dropped");
    }
}

impl Rooms {
    /// This instance's call rooms (registered at start-up by `server`).
    pub fn of(state: &crate::state::AppState) -> Option<&Rooms> {
        state.runtimes.get::<Rooms>()
    }
}

/// Registered at start-up: this instance's call rooms.
pub fn start_runtime(
    _: &std::sync::Weak<crate::state::Inner>,
) -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(Rooms::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_room_holds_six_and_frames_reach_only_their_addressee_in_the_same_room() {
        let rooms = Rooms::default();
        let mut first = rooms.join("a", "Anne", "u1", false).unwrap();
        let mut second = rooms.join("a", "Paul", "u2", true).unwrap();
        assert!(first.organiser, "opened the room");
        assert!(second.organiser, "a host organises");
        assert_eq!(second.others, vec![(first.peer.clone(), "Anne".to_string())]);
        let elsewhere = rooms.join("b", "Eve", "u3", false).unwrap();
        assert_eq!(rooms.send_to("a", &elsewhere.peer, "x".into()), Err(Refusal::NoSuchPeer));
        rooms.send_to("a", &second.peer, "offer".into()).unwrap();
        assert_eq!(second.frames.try_recv().unwrap(), "offer");
        rooms.broadcast("a", &second.peer, "hand");
        assert_eq!(first.frames.try_recv().unwrap(), "hand");
        assert!(second.frames.try_recv().is_err(), "not to oneself");
        rooms.tell_hosts("a", "lobby");
        assert_eq!(second.frames.try_recv().unwrap(), "lobby");
        assert!(first.frames.try_recv().is_err(), "hosts only");
        for n in 2..MAX_PARTICIPANTS {
            assert!(!rooms.join("a", &format!("p{n}"), &format!("p{n}"), false).unwrap().organiser);
        }
        assert_eq!(rooms.join("a", "seventh", "u7", false).err(), Some(Refusal::Full));
        rooms.leave("b", &elsewhere.peer);
        assert_eq!((rooms.count("a"), rooms.count("b"), rooms.active()), (6, 0, 1));
    }

    #[tokio::test]
    async fn a_waiting_guest_is_let_in_by_the_bell_even_if_it_rings_first() {
        let rooms = Rooms::default();
        let bell = rooms.wait("t", "g1", "Marie", "patient");
        assert_eq!(rooms.waiting("t"), [("g1".into(), "Marie".into(), "patient".into())]);
        assert!(!rooms.admit("t", "g2"), "not waiting");
        assert!(!rooms.admit("other", "g1"), "another room");
        assert!(rooms.admit("t", "g1"));
        bell.notified().await;
        rooms.stop_waiting("t", "g1");
        assert!(rooms.waiting("t").is_empty());
    }
}
