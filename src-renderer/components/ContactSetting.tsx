// The workspace's contact for published statistics: printed on the cover of every spreadsheet
// it exports, so a reader knows whom to ask. Left empty, the cover says it is not set. The field
// waits for the saved contact: typed into before it came, the typing was replaced by it.
import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../state/useApiCall.ts';
import { settingsCalls } from '../data/settings.ts';

export function ContactSetting() {
  const [saved, setSaved] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let active = true;
    settingsCalls.contact({}).then(
      ({ contact }) => {
        if (!active) return;
        setSaved(contact);
        setText(contact ?? '');
        setLoaded(true);
      },
      (e: unknown) => active && setMessage({ kind: 'error', text: errorMessage(e) }),
    );
    return () => {
      active = false;
    };
  }, []);

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setPending(true);
    setMessage(null);
    try {
      const { contact } = await settingsCalls.setContact({ contact: text });
      setSaved(contact);
      setText(contact ?? '');
      setMessage({
        kind: 'success',
        text: contact === null ? 'Contact cleared: covers now say it is not set.' : 'Contact saved.',
      });
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="card stack" onSubmit={(e) => void save(e)} aria-labelledby="contact-title">
      <h2 id="contact-title">Contact for published statistics</h2>
      <div className="field">
        <label htmlFor="workspace-contact">Team and email address</label>
        <div className="row nowrap">
          <input
            id="workspace-contact"
            className="grow-input"
            value={text}
            disabled={!loaded}
            maxLength={300}
            onChange={(e) => setText(e.target.value)}
            placeholder="Community Safety Analysts, analysts@example.gov.uk"
            aria-describedby="workspace-contact-hint"
          />
          <button className="btn" type="submit" disabled={!loaded || pending || text.trim() === (saved ?? '')}>
            Save contact
          </button>
        </div>
        <span id="workspace-contact-hint" className="hint">
          {saved === null
            ? 'Not set: spreadsheet covers say “Contact: not set”.'
            : 'Printed on the cover of every spreadsheet this workspace exports.'}
        </span>
      </div>
      {message ? (
        <p className={`alert alert-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
