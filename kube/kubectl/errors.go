package kubectl

import (
	"errors"
	"fmt"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
)

// defaultErrorExitCode is k8s.io/kubectl v0.37.2 pkg/cmd/util/helpers.go DefaultErrorExitCode.
const defaultErrorExitCode = 1

// exitError is an error carrying the exit status of a remote command
// (k8s.io/utils/exec CodeExitError, as client-go's remotecommand returns it).
type exitError struct {
	msg  string
	code int
}

func (e *exitError) Error() string { return e.msg }

// commandTerminated is what client-go v0.37.2 tools/remotecommand returns for a non-zero exit
// status of the remote command.
func commandTerminated(code int) error {
	return &exitError{msg: fmt.Sprintf("command terminated with exit code %d", code), code: code}
}

// formatError is checkErr of k8s.io/kubectl v0.37.2 pkg/cmd/util/helpers.go with handleErr
// replaced by a return: the text kubectl writes to stderr (a newline is added when missing)
// and its exit status.
func formatError(err error) (string, int) {
	// unwrap aggregates of 1
	if agg, ok := err.(utilerrors.Aggregate); ok && len(agg.Errors()) == 1 {
		err = agg.Errors()[0]
	}
	if err == nil {
		return "", 0
	}
	switch {
	case err == cmdutil.ErrExit:
		return "", defaultErrorExitCode
	case isInvalidReasonStatusError(err):
		status := err.(*apierrors.StatusError).Status()
		details := status.Details
		s := "The request is invalid"
		if details == nil {
			// if we have no other details, include the message from the server if present
			if len(status.Message) > 0 {
				s += ": " + status.Message
			}
			return s, defaultErrorExitCode
		}
		if len(details.Kind) != 0 || len(details.Name) != 0 {
			s = fmt.Sprintf("The %s %q is invalid", details.Kind, details.Name)
		} else if len(status.Message) > 0 && len(details.Causes) == 0 {
			// only append the message if we have no kind/name details and no causes,
			// since default invalid error constructors duplicate that information in the message
			s += ": " + status.Message
		}
		if len(details.Causes) > 0 {
			errs := statusCausesToAggrError(details.Causes)
			return cmdutil.MultilineError(s+": ", errs), defaultErrorExitCode
		}
		return s, defaultErrorExitCode
	}
	switch e := err.(type) {
	case *meta.NoResourceMatchError:
		switch {
		case len(e.PartialResource.Group) > 0 && len(e.PartialResource.Version) > 0:
			return fmt.Sprintf("the server doesn't have a resource type %q in group %q and version %q", e.PartialResource.Resource, e.PartialResource.Group, e.PartialResource.Version), defaultErrorExitCode
		case len(e.PartialResource.Group) > 0:
			return fmt.Sprintf("the server doesn't have a resource type %q in group %q", e.PartialResource.Resource, e.PartialResource.Group), defaultErrorExitCode
		case len(e.PartialResource.Version) > 0:
			return fmt.Sprintf("the server doesn't have a resource type %q in version %q", e.PartialResource.Resource, e.PartialResource.Version), defaultErrorExitCode
		default:
			return fmt.Sprintf("the server doesn't have a resource type %q", e.PartialResource.Resource), defaultErrorExitCode
		}
	case utilerrors.Aggregate:
		return cmdutil.MultipleErrors(``, e.Errors()), defaultErrorExitCode
	case *exitError:
		return e.msg, e.code
	default: // for any other error type
		msg, ok := cmdutil.StandardErrorMessage(err)
		if !ok {
			msg = err.Error()
			if !strings.HasPrefix(msg, "error: ") {
				msg = fmt.Sprintf("error: %s", msg)
			}
		}
		return msg, defaultErrorExitCode
	}
}

// isInvalidReasonStatusError is isInvalidReasonStatusError of helpers.go v0.37.2.
func isInvalidReasonStatusError(err error) bool {
	if !apierrors.IsInvalid(err) {
		return false
	}
	statusError, isStatusError := err.(*apierrors.StatusError)
	if !isStatusError {
		return false
	}
	return statusError.Status().Reason == metav1.StatusReasonInvalid
}

// statusCausesToAggrError is statusCausesToAggrError of helpers.go v0.37.2.
func statusCausesToAggrError(scs []metav1.StatusCause) utilerrors.Aggregate {
	errs := make([]error, 0, len(scs))
	seen := map[string]bool{}
	for _, sc := range scs {
		// check for duplicate error messages and skip them
		msg := fmt.Sprintf("%s: %s", sc.Field, sc.Message)
		if seen[msg] {
			continue
		}
		seen[msg] = true
		errs = append(errs, errors.New(msg))
	}
	return utilerrors.NewAggregate(errs)
}

// usageErrorf is cmdutil.UsageErrorf with the command path given as a string
// (k8s.io/kubectl v0.37.2 pkg/cmd/util/helpers.go UsageErrorf).
func usageErrorf(commandPath string, format string, args ...interface{}) error {
	msg := fmt.Sprintf(format, args...)
	return fmt.Errorf("%s\nSee '%s -h' for help and examples", msg, commandPath)
}

// addSourceToErr is cmdutil.AddSourceToErr (helpers.go v0.37.2).
func addSourceToErr(verb, source string, err error) error {
	return cmdutil.AddSourceToErr(verb, source, err)
}

// continueOnError is what cli-runtime v0.37.2 pkg/resource/visitor.go ContinueOnErrorVisitor
// returns for the errors collected while visiting: one error as itself, several aggregated.
func continueOnError(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return utilerrors.NewAggregate(errs)
}
