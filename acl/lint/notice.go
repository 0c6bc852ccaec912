package lint

// Notice is a message about an input that was not linted, or not whole:
// a file that could not be read or parsed (Error), or one skipped because
// it holds nothing to lint. [WriteJSON] and [WriteSARIF] report notices
// beside the diagnostics (SARIF: tool execution notifications).
type Notice struct {
	// Filename names the input.
	Filename string `json:"file"`
	// Message says what happened, without the file name.
	Message string `json:"message"`
	// Error is set when the input could not be linted; the run then
	// failed (exit status 2) whatever the diagnostics.
	Error bool `json:"error"`
}

// String returns "file: message".
func (n Notice) String() string { return n.Filename + ": " + n.Message }
