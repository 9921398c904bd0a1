package dev.sagaref.web;

import jakarta.validation.ConstraintViolationException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

/**
 * Turns every client error into an RFC 9457 problem-details body that says what is wrong and where: the JSON path
 * of a field that has the wrong type, each field that failed validation, the parameter that could not be read.
 * Spring's own handler covers the rest (unknown path, wrong method, unsupported media type, ...).
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    /** One invalid field: its path in the request and what is wrong with it. */
    record FieldProblem(String field, String message) {}

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), error.getDefaultMessage()))
                .sorted(java.util.Comparator.comparing(FieldProblem::field))
                .toList();
        ProblemDetail body = invalid(describe(problems));
        body.setProperty("errors", problems);
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof RequestSizeLimitFilter.BodyTooLargeException tooLarge) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()));
        }
        ProblemDetail body;
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = DatabindPaths.of(databind);
            body = invalid("Field '" + field + "' has an invalid value: " + databind.getOriginalMessage());
            body.setProperty("errors", List.of(new FieldProblem(field, databind.getOriginalMessage())));
        } else if (cause instanceof StreamReadException malformed) {
            body = invalid("Malformed JSON: " + malformed.getOriginalMessage());
        } else {
            body = invalid("Request body is missing or not readable JSON");
        }
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex) {
        String expected = ex.getRequiredType() == null
                ? "another type"
                : ex.getRequiredType().getSimpleName();
        ProblemDetail body =
                invalid("Parameter '" + ex.getName() + "' must be a " + expected + " but was '" + ex.getValue() + "'");
        body.setProperty("errors", List.of(new FieldProblem(ex.getName(), "must be a " + expected)));
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException ex) {
        List<FieldProblem> problems = ex.getConstraintViolations().stream()
                .map(v -> new FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(FieldProblem::field))
                .toList();
        ProblemDetail body = invalid(describe(problems));
        body.setProperty("errors", problems);
        return ResponseEntity.badRequest().body(body);
    }

    private static ProblemDetail invalid(String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        body.setTitle("Invalid request");
        return body;
    }

    private static String describe(List<FieldProblem> problems) {
        return "Invalid fields: "
                + String.join(
                        "; ",
                        problems.stream()
                                .map(p -> p.field() + " " + p.message())
                                .toList());
    }

    /** Method parameter paths look like {@code get.customerId}; people want {@code customerId}. */
    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
