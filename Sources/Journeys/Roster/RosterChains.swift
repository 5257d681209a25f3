import Foundation

extension RosterCountSearch {
  /// Tries to staff pooled task `root` by an ejection chain in which every link pushes out at
  /// most one task: root → w1 (pushing out x1), x1 → w2 (pushing out x2), …, xk → a worker
  /// with room. Breadth-first over tasks, so the shortest chain wins; such a chain is an
  /// augmenting path, the move a random walk finds least often.
  func augment(_ root: Int, nodeLimit: Int) -> Bool {
    let e = engine
    stamp += 1
    chainQueue.removeAll(keepingCapacity: true)
    chainQueue.append(root)
    visited[root] = stamp
    parent[root] = -1
    var head = 0
    while head < chainQueue.count && head < nodeLimit {
      let x = chainQueue[head]
      head += 1
      for w in e.eligible[x] where active[w] && w != e.workerOf[x] && !onPath(x, w) {
        guard e.collectEjections(x, w) else { continue }
        if e.ejected.isEmpty {
          apply(x, w)
          return true
        }
        guard e.ejected.count == 1 else { continue }
        let y = e.ejected[0]
        guard visited[y] != stamp else { continue }
        visited[y] = stamp
        parent[y] = x
        chainQueue.append(y)
      }
    }
    return false
  }

  /// Whether worker w already appears in the chain that leads to x (it would be edited twice).
  private func onPath(_ x: Int, _ w: Int) -> Bool {
    var node = x
    while parent[node] >= 0 {
      if engine.workerOf[node] == w { return true }
      node = parent[node]
    }
    return false
  }

  /// Plays the chain from its end: the last task moves to the free worker, then each earlier
  /// task takes the place its successor left.
  private func apply(_ last: Int, _ worker: Int) {
    let e = engine
    var x = last
    var target = worker
    while true {
      let from = e.workerOf[x]
      if from >= 0 { e.unassign(x) }
      guard e.fits(x, target) else { return }  // defensive: leaves x pooled, plan stays valid
      e.assign(x, target)
      let previous = parent[x]
      if previous < 0 || from < 0 { return }
      x = previous
      target = from
    }
  }

  /// Runs `augment` for every pooled task; true if any got staffed.
  func augmentPool(nodeLimit: Int) -> Bool {
    var improved = false
    var index = 0
    while index < engine.pool.count {
      if augment(engine.pool[index], nodeLimit: nodeLimit) {
        improved = true
      } else {
        index += 1
      }
    }
    return improved
  }
}
