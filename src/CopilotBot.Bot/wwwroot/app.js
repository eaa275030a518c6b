// Local test page: picks a user from users.csv, gets a Direct Line token for them from this host and renders
// Web Chat against the host's own Direct Line endpoint (polling; no websocket).
(() => {
  'use strict';

  const storageKey = 'copilotbot.localUser';
  const picker = document.getElementById('user-picker');
  const restartButton = document.getElementById('restart');
  const status = document.getElementById('status');
  const base = new URL('.', document.baseURI);
  let current = null;

  function showStatus(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  async function loadUsers() {
    const response = await fetch(new URL('api/local/users', base));
    if (!response.ok) {
      throw new Error(`GET /api/local/users answered ${response.status}`);
    }

    return response.json();
  }

  function fillPicker(users) {
    picker.replaceChildren();
    if (users.length === 0) {
      picker.add(new Option('local-user (no users imported: run copilot import)', 'local-user'));
      picker.options[0].dataset.name = 'Local user';
    }

    for (const user of users) {
      const option = new Option(`${user.name} (${user.role}) – ${user.email}`, user.email);
      option.dataset.name = user.name;
      picker.add(option);
    }

    const remembered = localStorage.getItem(storageKey);
    if (remembered && [...picker.options].some(option => option.value === remembered)) {
      picker.value = remembered;
    }

    picker.disabled = false;
  }

  async function startChat() {
    const option = picker.selectedOptions[0];
    if (!option) {
      return;
    }

    const user = { id: option.value, name: option.dataset.name || option.value };
    localStorage.setItem(storageKey, user.id);
    if (current) {
      current.directLine.end();
    }

    const response = await fetch(new URL('v3/directline/tokens/generate', base), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user })
    });
    if (!response.ok) {
      throw new Error(`POST /v3/directline/tokens/generate answered ${response.status}`);
    }

    const { token } = await response.json();
    const directLine = window.WebChat.createDirectLine({
      domain: new URL('v3/directline', base).href,
      token,
      webSocket: false
    });

    // A fresh element per conversation: Web Chat does not switch Direct Line objects in place.
    const host = document.createElement('div');
    host.className = 'webchat-host';
    host.style.height = '100%';
    document.getElementById('webchat').replaceChildren(host);
    window.WebChat.renderWebChat(
      {
        directLine,
        userID: user.id,
        username: user.name,
        locale: 'en-US',
        styleOptions: {
          botAvatarInitials: 'CB',
          userAvatarInitials: user.name.split(/\s+/).map(part => part[0]).join('').slice(0, 2).toUpperCase(),
          hideUploadButton: true,
          sendBoxButtonAlignment: 'bottom'
        }
      },
      host
    );
    current = { directLine, user };
    document.body.dataset.conversationUser = user.id;
  }

  async function main() {
    if (!window.WebChat) {
      showStatus('Web Chat is not installed: run "npm ci" in src/CopilotBot.Bot/webchat (the build does this when npm is available), then rebuild.');
      return;
    }

    try {
      fillPicker(await loadUsers());
      picker.addEventListener('change', () => startChat().catch(error => showStatus(error.message)));
      restartButton.addEventListener('click', () => startChat().catch(error => showStatus(error.message)));
      await startChat();
    } catch (error) {
      showStatus(error.message);
    }
  }

  main();
})();
