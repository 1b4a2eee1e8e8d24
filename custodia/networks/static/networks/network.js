// Draws the network of networks/network.html with Cytoscape.js from the JSON the page holds; the
// table under it says the same in text. A person's node opens their own network.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("network-graph");
  const data = document.getElementById("network-data");
  if (!box || !data || typeof cytoscape === "undefined") return;
  const elements = JSON.parse(data.textContent);
  const colours = {
    co_defendant: "#6f42c1", cell_mate: "#0d6efd", incident: "#fd7e14",
    intelligence: "#198754", non_association: "#dc3545", shared_contact: "#d63384",
  };
  const graph = cytoscape({
    container: box,
    elements: elements,
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 8000 },
    style: [
      { selector: "node", style: {
        label: "data(label)", "font-size": 9, "text-wrap": "ellipsis", "text-max-width": 120,
        "background-color": "#6c757d", width: 18, height: 18,
      } },
      { selector: "node[?vep]", style: { "background-color": "#b02a37" } },
      { selector: "node[depth = 0]", style: { width: 28, height: 28, "border-width": 3, "border-color": "#212529" } },
      { selector: "edge", style: {
        width: 2, "curve-style": "bezier", "line-color": (edge) => colours[edge.data("kind")] || "#adb5bd",
      } },
      { selector: "edge[kind = 'non_association']", style: { "line-style": "dashed" } },
    ],
    wheelSensitivity: 0.2,
  });
  graph.on("tap", "node", (event) => { window.location.href = event.target.data("url"); });
  box.dataset.drawn = String(graph.nodes().length);
});
