#include "fluence/net/kad_responder.h"

#include <algorithm>

#include "fluence/core/error.h"

namespace fluence::net {

std::vector<KadPeer> KadResponder::closer_peers(const Bytes& key, const PeerId& exclude) const {
  std::vector<KadPeer> out;
  for (const auto& e : table_.closest(kad_key(key), table_.k(), &exclude)) {
    KadPeer p;
    p.id = e.peer.bytes();
    for (const auto& a : e.addrs) p.addrs.push_back(a.to_bytes());
    p.connection = e.connected ? KadConnection::kConnected : KadConnection::kNotConnected;
    out.push_back(std::move(p));
  }
  return out;
}

std::optional<KadMessage> KadResponder::answer(const PeerId& from, const KadMessage& req) {
  KadMessage resp;
  resp.type = req.type;
  switch (req.type) {
    case KadType::kFindNode:
      resp.key = req.key;
      resp.closer_peers = closer_peers(req.key, from);
      return resp;
    case KadType::kGetValue: {
      resp.key = req.key;
      auto it = records_.find(req.key);
      if (it != records_.end()) resp.record = it->second;
      resp.closer_peers = closer_peers(req.key, from);
      return resp;
    }
    case KadType::kPutValue: {
      resp.key = req.key;
      if (req.record) {
        resp.record = KadRecord{req.record->key, req.record->value, {}, {}, 0};
        // Stored only when it is consistent and fits the limits; acknowledged either way, as
        // rust-libp2p does.
        if (req.record->key == req.key && req.record->value.size() <= limits_.max_value_size &&
            (records_.size() < limits_.max_records || records_.count(req.key))) {
          records_[req.key] = *req.record;
        }
      }
      return resp;
    }
    case KadType::kGetProviders: {
      resp.key = req.key;
      auto it = providers_.find(req.key);
      if (it != providers_.end()) resp.provider_peers = it->second;
      resp.closer_peers = closer_peers(req.key, from);
      return resp;
    }
    case KadType::kAddProvider: {
      for (const auto& p : req.provider_peers) {
        if (p.id != from.bytes()) continue;  // only the sender may announce itself
        if (!providers_.count(req.key) && providers_.size() >= limits_.max_provider_keys) break;
        auto& list = providers_[req.key];
        auto same = std::find_if(list.begin(), list.end(), [&](const KadPeer& q) { return q.id == p.id; });
        if (same != list.end()) {
          *same = p;
        } else if (list.size() < limits_.max_providers_per_key) {
          list.push_back(p);
        }
      }
      return std::nullopt;
    }
    case KadType::kPing:
      return resp;
  }
  return std::nullopt;
}

std::size_t KadResponder::provider_count(const Bytes& key) const {
  auto it = providers_.find(key);
  return it == providers_.end() ? 0 : it->second.size();
}

std::vector<KadPeerHint> kad_hints(const std::vector<KadPeer>& peers) {
  std::vector<KadPeerHint> out;
  for (const auto& p : peers) {
    try {
      KadPeerHint h{PeerId::from_bytes(p.id), {}};
      for (const auto& a : p.addrs) {
        try {
          h.addrs.push_back(Multiaddr::from_bytes(a));
        } catch (const Error&) {
        }
      }
      out.push_back(std::move(h));
    } catch (const Error&) {
    }
  }
  return out;
}

}  // namespace fluence::net
