// 本地表格's only script, plain on purpose (no framework, no build step): select a cell, type,
// pick from a dropdown, tick a checkbox, paste a block copied from Excel or WPS. Every edit is one
// POST to /ui/s/<id>/write, which writes through the emulator's Sheets API as the chosen account;
// edits are sent one after another, in the order they were made.

(() => {
  const data = JSON.parse(document.getElementById("sheet-data").textContent);
  const grid = document.getElementById("grid");
  const editor = document.getElementById("editor");
  const picker = document.getElementById("picker");
  const message = document.getElementById("message");
  const note = document.getElementById("note");
  let selected = null;
  let editing = false;
  let queue = Promise.resolve();
  let pending = 0;

  const rowOf = (td) => Number(td.parentElement.dataset.r);
  const colOf = (td) => td.cellIndex - 1;
  const cellAt = (row, col) => grid.querySelector(`tr[data-r="${row}"]`)?.cells[col + 1];
  const box = (td) => td.querySelector("input[type=checkbox]");

  function letters(col) {
    let out = "";
    for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) {
      out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    }
    return out;
  }

  function textOf(td) {
    const checkbox = box(td);
    if (checkbox) return checkbox.checked ? "TRUE" : "FALSE";
    return td.textContent;
  }

  function setPending(delta) {
    pending += delta;
    document.body.dataset.pending = String(pending);
  }

  function show(text, detail, isError) {
    message.hidden = false;
    message.className = isError ? "message error" : "message";
    message.textContent = text;
    if (detail) {
      const small = document.createElement("small");
      small.textContent = `Google 接口原文：${detail}`;
      message.append(small);
    }
  }

  function place(element, td) {
    element.style.left = `${td.offsetLeft}px`;
    element.style.top = `${td.offsetTop}px`;
    element.style.width = `${td.offsetWidth}px`;
    element.style.height = `${td.offsetHeight}px`;
  }

  /** `scroll`: bring the cell into view (keyboard moves); a clicked cell is in view already. */
  function select(td, scroll = true) {
    if (editing) commit();
    selected?.classList.remove("sel");
    selected = td;
    td.classList.add("sel");
    document.getElementById("addr").textContent = `${letters(colOf(td))}${rowOf(td) + 1}`;
    // The bar is read by people: a checkbox says so in words, not as the API's TRUE/FALSE.
    const checkbox = box(td);
    document.getElementById("content").textContent = checkbox
      ? checkbox.checked
        ? "已勾选"
        : "未勾选"
      : textOf(td);
    const lock = data.locks[td.dataset.p];
    const lines = [td.title && `批注：${td.title}`, lock && `受保护：${lock}（当前身份不能修改）`];
    note.textContent = lines.filter(Boolean).join("\n");
    note.hidden = note.textContent === "";
    idle(td);
    showPicker(td);
    // Scrolling under a click would move the cell away before the click lands on it.
    if (scroll) td.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  /** The editor sits, invisible, over the selected cell: typing (IME too) starts an edit. */
  function idle(td) {
    editing = false;
    editor.className = "editor idle";
    editor.value = "";
    editor.removeAttribute("list");
    place(editor, td);
    editor.focus({ preventScroll: true });
  }

  function startEdit(initial) {
    editing = true;
    editor.className = "editor";
    picker.hidden = true;
    if (initial !== undefined) editor.value = initial;
  }

  function showPicker(td) {
    const list = data.lists[td.dataset.l];
    picker.hidden = !list;
    if (!list) return;
    const current = td.textContent;
    const options = ["", ...list];
    if (!list.includes(current)) options.push(current);
    picker.replaceChildren(
      ...options.map((value) => new Option(value === "" ? "（空）" : value, value)),
    );
    picker.value = current;
    place(picker, td);
  }

  function commit() {
    const td = selected;
    editing = false;
    editor.className = "editor idle";
    td.dataset.was = textOf(td);
    if (!box(td)) td.textContent = editor.value;
    save(rowOf(td), colOf(td), [[editor.value]]);
  }

  function move(dRow, dCol) {
    const next = cellAt(rowOf(selected) + dRow, Math.max(0, colOf(selected) + dCol));
    if (next) select(next);
  }

  /** Queues one block write; on success the cells show what the sheet now holds. */
  function save(row, col, values) {
    const cells = values.flatMap((line, r) => line.map((_, c) => cellAt(row + r, col + c)));
    for (const td of cells) td?.classList.add("saving");
    setPending(1);
    queue = queue
      .then(() => post(row, col, values))
      .then((answer) => {
        for (const td of cells) td?.classList.remove("saving");
        if (!answer.ok) {
          show(answer.message, answer.google, true);
          for (const td of cells) if (td) restore(td);
          return;
        }
        const where = `${letters(col)}${row + 1}`;
        const rows = values.length > 1 ? `（${values.length} 行）` : "";
        show(`已保存 ${where}${rows}`, "", false);
        values.forEach((line, r) => {
          line.forEach((_, c) => {
            const td = cellAt(row + r, col + c);
            if (td) display(td, answer.values[r]?.[c]);
          });
        });
        if (values.length > 1 && !cellAt(row + values.length - 1, col)) location.reload();
      })
      .finally(() => setPending(-1));
  }

  async function post(row, col, values) {
    try {
      const res = await fetch(`/ui/s/${data.id}/write`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ tab: data.tab, row, col, values }),
        keepalive: true,
      });
      return await res.json();
    } catch {
      return { ok: false, message: "保存失败：连不上本机模拟器，请确认它还在运行。" };
    }
  }

  function display(td, value) {
    const text = value === undefined || value === null ? "" : String(value);
    const checkbox = box(td);
    if (checkbox) checkbox.checked = text === "TRUE";
    else td.textContent = text;
    if (td === selected) document.getElementById("content").textContent = text;
  }

  /** A refused edit leaves the cell as the sheet still has it. */
  function restore(td) {
    const was = td.dataset.was;
    if (was === undefined) return;
    const checkbox = box(td);
    if (checkbox) checkbox.checked = was === "TRUE";
    else td.textContent = was;
  }

  /** Excel and WPS copy tab-separated lines; a cell holding a tab, newline or quote is quoted. */
  function parseBlock(text) {
    const rows = [[]];
    let cell = "";
    let quoted = false;
    const source = text.replace(/\r\n?/g, "\n").replace(/\n$/, "");
    for (let i = 0; i < source.length; i++) {
      const ch = source[i];
      if (quoted && ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"' && (quoted || cell === "")) {
        quoted = !quoted;
      } else if (!quoted && (ch === "\t" || ch === "\n")) {
        rows[rows.length - 1].push(cell);
        cell = "";
        if (ch === "\n") rows.push([]);
      } else {
        cell += ch;
      }
    }
    rows[rows.length - 1].push(cell);
    return rows;
  }

  grid.addEventListener("mousedown", (event) => {
    const td = event.target.closest("td");
    if (!td) return;
    if (!event.target.matches("input")) event.preventDefault();
    if (td !== selected) select(td, false);
  });

  grid.addEventListener("dblclick", (event) => {
    const td = event.target.closest("td");
    if (td && !box(td)) startEdit(td.textContent);
  });

  grid.addEventListener("click", (event) => {
    const checkbox = event.target.closest("input[type=checkbox]");
    if (!checkbox) return;
    const td = checkbox.closest("td");
    td.dataset.was = checkbox.checked ? "FALSE" : "TRUE";
    save(rowOf(td), colOf(td), [[checkbox.checked]]);
    idle(td);
  });

  editor.addEventListener("input", () => {
    if (!editing) startEdit();
  });
  editor.addEventListener("compositionstart", () => {
    if (!editing) startEdit();
  });
  editor.addEventListener("blur", () => {
    if (editing) commit();
  });

  const ARROWS = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

  editor.addEventListener("keydown", (event) => {
    if (event.isComposing || !selected) return;
    const key = event.key;
    if (key === "Enter" || key === "Tab") {
      event.preventDefault();
      if (key === "Enter" && !editing) return startEdit(textOf(selected));
      if (editing) commit();
      return key === "Enter" ? move(1, 0) : move(0, event.shiftKey ? -1 : 1);
    }
    if (key === "Escape" && editing) return idle(selected);
    if (editing) return;
    if (ARROWS[key]) {
      event.preventDefault();
      return move(...ARROWS[key]);
    }
    if (key === " " && box(selected)) {
      event.preventDefault();
      return box(selected).click();
    }
    if (key === "Delete" || key === "Backspace") {
      event.preventDefault();
      selected.dataset.was = textOf(selected);
      save(rowOf(selected), colOf(selected), [[""]]);
    }
  });

  picker.addEventListener("change", () => {
    const td = selected;
    td.dataset.was = td.textContent;
    td.textContent = picker.value;
    save(rowOf(td), colOf(td), [[picker.value]]);
    idle(td);
  });

  document.addEventListener("paste", (event) => {
    const text = event.clipboardData?.getData("text/plain") ?? "";
    if (!selected || text === "") return;
    const block = parseBlock(text);
    // Plain text pasted while typing stays in the editor, as in a spreadsheet.
    if (editing && block.length === 1 && block[0].length === 1) return;
    event.preventDefault();
    if (editing) idle(selected);
    const row = rowOf(selected);
    const col = colOf(selected);
    for (let r = 0; r < block.length; r++) {
      for (let c = 0; c < block[r].length; c++) {
        const td = cellAt(row + r, col + c);
        if (td) td.dataset.was = textOf(td);
      }
    }
    save(row, col, block);
  });

  setPending(0);
  const first = grid.querySelector("tbody td");
  if (first) select(first);
})();
