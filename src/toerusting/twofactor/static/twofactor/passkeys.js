// Passkeys (WebAuthn): a form with data-passkey="create" (add one) or "get" (log in with one) asks the server
// for the options, lets the browser talk to the authenticator, puts the answer in the form's hidden field
// "credential" (JSON, binary values as base64url) and sends the form. The messages come from the form's
// data-msg-* attributes (translated by the server). Without WebAuthn the form says so and its button is off.
"use strict";
(() => {
  const toBuffer = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "===".slice((base64.length + 3) % 4);
    return Uint8Array.from(atob(padded), (ch) => ch.charCodeAt(0)).buffer;
  };
  const toText = (buffer) => {
    let binary = "";
    for (const byte of new Uint8Array(buffer)) {
      binary += String.fromCharCode(byte);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  const describe = (credential) => {
    const answer = credential.response;
    const result = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      response: { clientDataJSON: toText(answer.clientDataJSON) },
    };
    if (credential.authenticatorAttachment) {
      result.authenticatorAttachment = credential.authenticatorAttachment;
    }
    if (answer.attestationObject) {
      result.response.attestationObject = toText(answer.attestationObject);
      result.response.transports = answer.getTransports ? answer.getTransports() : [];
    } else {
      result.response.authenticatorData = toText(answer.authenticatorData);
      result.response.signature = toText(answer.signature);
      if (answer.userHandle) {
        result.response.userHandle = toText(answer.userHandle);
      }
    }
    return result;
  };
  const ceremony = async (kind, options) => {
    options.challenge = toBuffer(options.challenge);
    if (kind === "create") {
      options.user.id = toBuffer(options.user.id);
      options.excludeCredentials = (options.excludeCredentials || []).map((c) => ({ ...c, id: toBuffer(c.id) }));
      return navigator.credentials.create({ publicKey: options });
    }
    options.allowCredentials = (options.allowCredentials || []).map((c) => ({ ...c, id: toBuffer(c.id) }));
    return navigator.credentials.get({ publicKey: options });
  };
  document.addEventListener("DOMContentLoaded", () => {
    for (const form of document.querySelectorAll("form[data-passkey]")) {
      const status = form.querySelector("[data-passkey-status]");
      const button = form.querySelector("button[type=submit]");
      const say = (text) => {
        status.textContent = text;
        status.hidden = false;
      };
      if (!window.PublicKeyCredential || !navigator.credentials) {
        say(form.dataset.msgUnsupported);
        button.disabled = true;
        continue;
      }
      form.addEventListener("submit", async (event) => {
        const name = form.querySelector("input[name=name]");
        if (name && !name.value.trim()) {
          return; // the server names the missing field
        }
        event.preventDefault();
        button.disabled = true;
        status.hidden = true;
        try {
          const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
          const reply = await fetch(form.dataset.optionsUrl, {
            method: "POST",
            headers: { "X-CSRFToken": token, Accept: "application/json" },
            credentials: "same-origin",
          });
          const options = await reply.json();
          if (!reply.ok) {
            say(options.error || form.dataset.msgFailed);
            return;
          }
          const credential = await ceremony(form.dataset.passkey, options);
          form.querySelector("input[name=credential]").value = JSON.stringify(describe(credential));
          form.submit();
        } catch (error) {
          if (error && error.name === "NotAllowedError") {
            say(form.dataset.msgCancelled);
          } else if (error && error.name === "InvalidStateError") {
            say(form.dataset.msgDuplicate);
          } else {
            say(form.dataset.msgFailed);
          }
        } finally {
          button.disabled = false;
        }
      });
    }
  });
})();
