import { describeFailure } from './failure.js';
import { setFailed } from './log.js';
import { run } from './main.js';
import { getState, saveState } from './workflow-commands.js';

// The runner runs this file as the main step and again as the post step (action.yml `post:`); only
// the post step gets the state the main step saved, so this marker tells them apart.
const POST_STEP_MARKER = 'is-post-step';

// A failure nothing anticipated still reaches the user as one redacted, neutralised annotation,
// never as a stack trace on stderr that could quote a peer's words.
process.on('unhandledRejection', (error) => setFailed(describeFailure(error)));
try {
  if (getState(POST_STEP_MARKER) === 'true') {
    const { post } = await import('./post.js');
    await post();
  } else {
    saveState(POST_STEP_MARKER, 'true');
    await run();
  }
} catch (error) {
  setFailed(describeFailure(error));
}
