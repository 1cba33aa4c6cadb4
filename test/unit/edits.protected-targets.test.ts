import assert from 'node:assert/strict';
import { REASONS, linkedReason, protectedNote, protectedReason, type FileSystemKind, type WriteTarget } from '../../src/core/edits/protected-targets';

const ROOTS: Record<FileSystemKind, string> = { linux: '/home/ann/proj', mac: '/Users/ann/proj', windows: 'C:\\Users\\ann\\proj', unknown: '/home/ann/proj' };
const ALL: readonly FileSystemKind[] = ['linux', 'mac', 'windows', 'unknown'];

/** A file in the workspace, by its workspace path, on the given file system. */
function inWorkspace(workspacePath: string, fileSystem: FileSystemKind = 'linux'): WriteTarget {
  const sep = fileSystem === 'windows' ? '\\' : '/';
  return { absolutePath: `${ROOTS[fileSystem]}${sep}${workspacePath.split('/').join(sep)}`, workspacePath, inWorkspace: true, fileSystem };
}

function outside(absolutePath: string, fileSystem: FileSystemKind = 'linux', userFolders?: readonly string[]): WriteTarget {
  return { absolutePath, inWorkspace: false, fileSystem, ...(userFolders ? { userFolders } : {}) };
}

/** The reason, judged as if the file were also inside a workspace (so only the name counts). */
function nameReason(absolutePath: string, fileSystem: FileSystemKind = 'linux', userFolders?: readonly string[]): string | undefined {
  return protectedReason({ absolutePath, workspacePath: 'x', inWorkspace: true, fileSystem, ...(userFolders ? { userFolders } : {}) });
}

describe('C5 one protected-target rule for every write (issue 10 hole 5)', () => {
  it('C5 ordinary workspace files are not protected, on every file system', () => {
    for (const fs of ALL) {
      for (const file of ['src/main.ts', 'README.md', 'package.json', 'settings.json', 'tasks.json', 'launch.json', 'mcp.json', 'src/settings.json', 'config/tasks.json', 'docs/launch.json']) {
        assert.equal(protectedReason(inWorkspace(file, fs)), undefined, `${fs}: ${file}`);
      }
    }
  });

  it('C5 negative controls: names that only look like protected ones', () => {
    for (const fs of ALL) {
      for (const file of [
        'src/settings.json.ts', 'docs/tasks.json.md', 'mysettings.json', 'vscode/settings.json', '.vscode-test/settings.json', '.vscode.bak/settings.json',
        'x.vscode/settings.json', '.gitignore', '.gitattributes', '.github/workflows/ci.yml', 'git/config', '.git-hooks/pre-commit', 'my.git/config',
        'devcontainer.json', 'devcontainer/devcontainer.json', '.devcontainer.json.bak', 'assistantignore', '.assistantignore.md', 'docs/.assistantignore-example',
        'x.code-workspace.md', 'workspace.code-workspaces', 'src/Code/settings.json', 'User/settings.json', 'data/User/settings.json',
      ]) {
        assert.equal(protectedReason(inWorkspace(file, fs)), undefined, `${fs}: ${file}`);
      }
    }
  });

  it('C5 .vscode/*.json of any workspace folder, at any depth, and the rest of .vscode', () => {
    const cases: Array<[string, string]> = [
      ['.vscode/settings.json', REASONS.workspaceSettings],
      ['.vscode/tasks.json', REASONS.workspaceTasks],
      ['.vscode/launch.json', REASONS.workspaceLaunch],
      ['.vscode/mcp.json', REASONS.mcp],
      ['.vscode/extensions.json', REASONS.extensions],
      ['.vscode/cspell.json', REASONS.vscodeFolder],
      ['.vscode/project.code-snippets', REASONS.vscodeFolder],
      ['.vscode/sub/settings.json', REASONS.vscodeFolder],
      ['packages/api/.vscode/settings.json', REASONS.workspaceSettings],
      ['folder-b/.vscode/launch.json', REASONS.workspaceLaunch],
    ];
    for (const fs of ALL) for (const [file, reason] of cases) assert.equal(protectedReason(inWorkspace(file, fs)), reason, `${fs}: ${file}`);
  });

  it('C5 *.code-workspace, dev containers, .git and .assistantignore anywhere', () => {
    const cases: Array<[string, string]> = [
      ['proj.code-workspace', REASONS.codeWorkspace],
      ['nested/team.code-workspace', REASONS.codeWorkspace],
      ['.devcontainer/devcontainer.json', REASONS.devContainer],
      ['.devcontainer/python/devcontainer.json', REASONS.devContainer],
      ['.devcontainer/Dockerfile', REASONS.devContainer],
      ['.devcontainer.json', REASONS.devContainer],
      ['svc/.devcontainer.json', REASONS.devContainer],
      ['.git/config', REASONS.git],
      ['.git/hooks/pre-commit', REASONS.git],
      ['vendor/lib/.git/HEAD', REASONS.git],
      ['.git', REASONS.git],
      ['sub/.git', REASONS.git],
      ['.assistantignore', REASONS.assistantIgnore],
      ['packages/web/.assistantignore', REASONS.assistantIgnore],
    ];
    for (const fs of ALL) for (const [file, reason] of cases) assert.equal(protectedReason(inWorkspace(file, fs)), reason, `${fs}: ${file}`);
  });

  it('C5 case and Unicode spellings are protected where the file system ignores case (Windows, macOS, unknown)', () => {
    const spellings = ['.VSCODE/SETTINGS.JSON', '.VSCode/Settings.json', '.vscode/Tasks.JSON', '.Git/config', '.GIT/HOOKS/pre-commit', '.DevContainer/devcontainer.json', '.DEVCONTAINER.JSON', '.AssistantIgnore', 'Proj.CODE-WORKSPACE',
      // The long s and the Kelvin sign fold to s and k on case-insensitive file systems.
      '.v\u017Fcode/settings.json', '.assistantignore'.replace('s', '\u017F')];
    for (const fs of ['mac', 'windows', 'unknown'] as const) {
      for (const file of spellings) assert.ok(protectedReason(inWorkspace(file, fs)), `${fs}: ${file}`);
    }
    assert.equal(protectedReason(inWorkspace('.vscode/SETTINGS.JSON', 'windows')), REASONS.workspaceSettings);
    assert.equal(protectedReason(inWorkspace('.VSCODE/TASKS.JSON', 'mac')), REASONS.workspaceTasks);
    // Composed and decomposed forms are one name on macOS, two on Linux.
    assert.equal(nameReason('/Users/ann/Cafe\u0301/User/settings.json', 'mac', ['/Users/ann/Caf\u00E9/User']), REASONS.userSettings);
    assert.equal(nameReason('/home/ann/Cafe\u0301/User/settings.json', 'linux', ['/home/ann/Caf\u00E9/User']), undefined);
  });

  it('C5 on Linux, case makes another file: .VSCODE/settings.json is an ordinary file', () => {
    for (const file of ['.VSCODE/settings.json', '.Git/config', '.AssistantIgnore', '.DEVCONTAINER/devcontainer.json', 'x.CODE-WORKSPACE']) {
      assert.equal(protectedReason(inWorkspace(file, 'linux')), undefined, file);
    }
    // …but inside the real .vscode folder every name is protected.
    assert.equal(protectedReason(inWorkspace('.vscode/SETTINGS.JSON', 'linux')), REASONS.vscodeFolder);
  });

  it('C5 backslashes, doubled slashes, . and .. are resolved before judging', () => {
    for (const fs of ALL) {
      for (const file of ['.vscode\\settings.json', '.\\.vscode\\settings.json', './/.vscode//settings.json', 'src/../.vscode/settings.json', 'src\\..\\.vscode\\settings.json', 'a/b/../../.vscode/./settings.json']) {
        assert.equal(protectedReason({ ...inWorkspace('x', fs), workspacePath: file }), REASONS.workspaceSettings, `${fs}: ${file}`);
      }
    }
    // `src/..` is not a protected name once resolved.
    assert.equal(protectedReason(inWorkspace('.vscode/../src/main.ts')), undefined);
  });

  it('C5 Windows spellings: trailing dots and spaces, stream suffixes, drive letters and long-path prefixes', () => {
    for (const file of ['.vscode\\settings.json.', '.vscode\\settings.json ', '.vscode\\settings.json. . ', '.vscode.\\settings.json', '.vscode \\settings.json', '.vscode\\settings.json::$DATA', '.vscode\\settings.json:$DATA', '.vscode\\SETTINGS.JSON::$DATA']) {
      assert.equal(protectedReason({ ...inWorkspace('x', 'windows'), workspacePath: file }), REASONS.workspaceSettings, file);
    }
    assert.equal(protectedReason({ ...inWorkspace('x', 'windows'), workspacePath: '.git.\\hooks\\pre-commit' }), REASONS.git);
    assert.equal(protectedReason({ ...inWorkspace('x', 'windows'), workspacePath: 'team.code-workspace.' }), REASONS.codeWorkspace);
    assert.equal(protectedReason(outside('\\\\?\\C:\\Users\\ann\\proj\\.vscode\\settings.json', 'windows')), REASONS.workspaceSettings);
    assert.equal(protectedReason(outside('c:/users/ann/proj/.VSCODE/tasks.json', 'windows')), REASONS.workspaceTasks);
    // On Linux a trailing dot is part of the name.
    assert.equal(protectedReason(inWorkspace('.vscode./settings.json', 'linux')), undefined);
  });

  it('C5 user-level settings, keybindings, tasks, launch, MCP and snippets of every VS Code build, on every OS', () => {
    const folders: Array<[string, FileSystemKind]> = [
      ['/home/ann/.config/Code/User', 'linux'],
      ['/home/ann/.config/Code - Insiders/User', 'linux'],
      ['/home/ann/.config/Code - OSS/User', 'linux'],
      ['/home/ann/.config/VSCodium/User', 'linux'],
      ['/home/ann/.local/share/code-server/User', 'linux'],
      ['/home/ann/.vscode-server/data/User', 'linux'],
      ['/home/ann/.vscode-server-insiders/data/User', 'linux'],
      ['/home/ann/.vscodium-server/data/User', 'linux'],
      ['/Users/ann/Library/Application Support/Code/User', 'mac'],
      ['/Users/ann/Library/Application Support/Code - Insiders/User', 'mac'],
      ['/Users/ann/Library/Application Support/VSCodium/User', 'mac'],
      ['C:\\Users\\ann\\AppData\\Roaming\\Code\\User', 'windows'],
      ['C:\\Users\\ann\\AppData\\Roaming\\Code - Insiders\\User', 'windows'],
      ['C:\\Users\\ann\\AppData\\Roaming\\VSCodium\\User', 'windows'],
      ['D:\\Tools\\VSCode\\data\\user-data\\User', 'windows'],
      ['/vscode-userdata/home/ann/.local/share/code-server/User', 'unknown'],
    ];
    const files: Array<[string, string]> = [
      ['settings.json', REASONS.userSettings],
      ['keybindings.json', REASONS.keybindings],
      ['tasks.json', REASONS.userTasks],
      ['launch.json', REASONS.userLaunch],
      ['mcp.json', REASONS.mcp],
      ['snippets/typescript.json', REASONS.snippets],
      ['snippets/mine.code-snippets', REASONS.snippets],
      ['profiles/-5a1b2c3d/settings.json', REASONS.userSettings],
      ['profiles/-5a1b2c3d/keybindings.json', REASONS.keybindings],
      ['profiles/-5a1b2c3d/mcp.json', REASONS.mcp],
      ['profiles/-5a1b2c3d/snippets/go.json', REASONS.snippets],
      ['globalStorage/storage.json', REASONS.userData],
    ];
    for (const [folder, fs] of folders) {
      const sep = fs === 'windows' ? '\\' : '/';
      for (const [file, reason] of files) {
        const path = `${folder}${sep}${file.split('/').join(sep)}`;
        assert.equal(protectedReason(outside(path, fs)), reason, path);
        // Even inside the workspace (the User folder opened as a folder), and in its other spellings.
        assert.equal(nameReason(path, fs), reason, `${path} in the workspace`);
        if (fs !== 'linux') assert.equal(nameReason(path.toUpperCase(), fs), reason, path.toUpperCase());
      }
    }
    assert.equal(nameReason('/home/ann/.vscode-server/data/Machine/settings.json'), REASONS.machineSettings);
    assert.equal(nameReason('C:\\Users\\ann\\AppData\\Roaming\\Code\\User\\settings.json.', 'windows'), REASONS.userSettings);
  });

  it('C5 the running VS Code\'s own User folder, wherever --user-data-dir put it', () => {
    const user = ['/tmp/wa-user-data/User'];
    assert.equal(nameReason('/tmp/wa-user-data/User/settings.json', 'linux', user), REASONS.userSettings);
    assert.equal(nameReason('/tmp/wa-user-data/User/profiles/abc/tasks.json', 'linux', user), REASONS.userTasks);
    assert.equal(nameReason('/tmp/wa-user-data/User/anything.txt', 'linux', user), REASONS.userData);
    assert.equal(nameReason('/tmp/wa-user-data/Userx/settings.json', 'linux', user), undefined);
    assert.equal(nameReason('C:\\portable\\ud\\USER\\SETTINGS.JSON', 'windows', ['c:/portable/ud/User']), REASONS.userSettings);
    // The user settings of a fork, known through its running instance.
    assert.equal(nameReason('/home/ann/.config/SomeFork/User/keybindings.json', 'linux', ['/home/ann/.config/SomeFork/User']), REASONS.keybindings);
    assert.equal(nameReason('/home/ann/.config/SomeFork/User/keybindings.json', 'linux'), undefined);
  });

  it('C5 files outside the workspace are protected; a workspace path that climbs out is outside', () => {
    for (const fs of ALL) {
      assert.equal(protectedReason(outside(fs === 'windows' ? 'C:\\Windows\\System32\\drivers\\etc\\hosts' : '/etc/hosts', fs)), REASONS.outside, fs);
      assert.equal(protectedReason(outside(fs === 'windows' ? 'C:\\Users\\ann\\notes.md' : '/home/ann/notes.md', fs)), REASONS.outside, fs);
      assert.equal(protectedReason({ ...inWorkspace('x', fs), workspacePath: '../other/main.ts' }), REASONS.outside, fs);
      assert.equal(protectedReason({ ...inWorkspace('x', fs), workspacePath: 'src/../../x.ts' }), REASONS.outside, fs);
      assert.equal(protectedReason({ ...inWorkspace('x', fs), workspacePath: '' }), REASONS.outside, `${fs}: the folder itself`);
      assert.equal(protectedReason({ ...inWorkspace('x', fs), workspacePath: undefined }), REASONS.outside, `${fs}: in the workspace, no path`);
    }
    // A more telling reason wins over "outside".
    assert.equal(protectedReason(outside('/home/ann/other/.vscode/settings.json')), REASONS.workspaceSettings);
    assert.equal(protectedReason(outside('/home/ann/.vscode/argv.json')), REASONS.vscodeFolder);
    assert.equal(protectedReason(outside('/home/ann/.vscode/extensions/pub.ext-1.0.0/out/extension.js')), REASONS.vscodeFolder);
  });

  it('C5 a workspace inside a protected folder is protected through its absolute path', () => {
    assert.equal(protectedReason({ absolutePath: '/home/ann/proj/.git/hooks/pre-push', workspacePath: 'pre-push', inWorkspace: true, fileSystem: 'linux' }), REASONS.git);
    assert.equal(protectedReason({ absolutePath: 'C:\\Users\\ann\\.VSCODE\\argv.json', workspacePath: 'argv.json', inWorkspace: true, fileSystem: 'windows' }), REASONS.vscodeFolder);
  });

  it('C5 the confirmation names the file and the reason; a link names where it leads', () => {
    assert.equal(protectedNote('.vscode/settings.json', REASONS.workspaceSettings), ".vscode/settings.json is protected: it holds VS Code settings for this folder, Workspace Assistant's included.");
    assert.equal(linkedReason('/etc/hosts', REASONS.outside), 'it links to /etc/hosts, which is outside the workspace');
    assert.equal(linkedReason('.git/hooks/pre-commit', REASONS.git), 'it links to .git/hooks/pre-commit, which is in the .git folder, where Git keeps its configuration and the hooks it runs');
    for (const reason of Object.values(REASONS)) assert.match(reason, /^it (is|holds|lists|configures) /, reason);
  });
});
